#include "taskbox/core/better_auth.h"

#include "field_reader.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"
#include "taskbox/core/text.h"

namespace taskbox::core {
namespace {

using detail::FieldReader;

// The optional members both bodies share: `callbackURL` and `rememberMe` (true unless false).
template <typename Request>
void read_optional_members(FieldReader& reader, Request& out) {
  if (auto callback = reader.string("callbackURL", false); callback && !callback->empty()) {
    out.callback_url = std::string(*callback);
  }
  out.remember_me = reader.boolean("rememberMe", false).value_or(true);
}

void check_password_length(const std::string& password, bool minimum_too) {
  const std::size_t length = code_point_count(password);
  if (minimum_too && length < kMinPasswordLength) {
    throw Error(ErrorCode::password_too_short, "Password too short");
  }
  if (length > kMaxPasswordLength) throw Error(ErrorCode::password_too_long, "Password too long");
}

}  // namespace

RegisterRequest parse_sign_up_email(std::string_view body) {
  FieldReader reader(body);
  RegisterRequest out;
  if (auto name = reader.text("name", true)) {
    out.name = std::string(trim(*name));
    if (code_point_count(out.name) > kMaxNameLength) {
      reader.fail("name", "must be at most " + std::to_string(kMaxNameLength) + " characters");
    }
  }
  if (auto email = reader.string("email", true)) {
    out.email = normalize_email(*email);
    if (!is_valid_email(out.email)) reader.fail("email", "Invalid email address");
  }
  auto password = reader.string("password", true);
  if (password && password->empty()) reader.fail("password", "must not be empty");
  reader.string("image", false);
  read_optional_members(reader, out);
  reader.finish();
  check_password_length(*password, true);
  out.password = std::move(*password);
  return out;
}

LoginRequest parse_sign_in_email(std::string_view body) {
  FieldReader reader(body);
  auto email = reader.string("email", true);
  auto password = reader.string("password", true);
  LoginRequest out;
  read_optional_members(reader, out);
  reader.finish();
  out.email = normalize_email(*email);
  out.password = std::move(*password);
  if (!is_valid_email(out.email)) throw Error(ErrorCode::invalid_email, "Invalid email");
  check_password_length(out.password, false);
  return out;
}

std::string sign_cookie_value(std::string_view secret, std::string_view value) {
  return std::string(value) + "." + base64_encode(hmac_sha256(secret, value));
}

std::optional<std::string> verify_cookie_value(std::string_view secret, std::string_view signed_value) {
  const auto dot = signed_value.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  const std::string_view value = signed_value.substr(0, dot);
  const std::string_view signature = signed_value.substr(dot + 1);
  if (signature.size() != 44 || signature.back() != '=') return std::nullopt;
  if (!secrets_equal(signature, base64_encode(hmac_sha256(secret, value)))) return std::nullopt;
  return std::string(value);
}

}  // namespace taskbox::core
