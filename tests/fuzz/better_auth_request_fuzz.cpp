// Better Auth's sign-up and sign-in bodies and its signed cookie values, from the same
// bytes. parse_sign_up_email either rejects (400 invalid_json, 422 validation_failed
// naming its members, or a password of the wrong length with no field) or returns what
// registration accepts; parse_sign_in_email likewise; a signed value verifies only when
// it is exactly what signing its value gives, and accepted values round-trip.

#include "fuzz_support.h"
#include "taskbox/core/better_auth.h"

namespace core = taskbox::core;
using taskbox::fuzz::check;

namespace {

const std::string kSecret = "fuzz-secret-0123456789abcdefghijklmnop";

bool password_length_refusal(const core::Error& e) {
  return (e.code() == core::ErrorCode::password_too_short || e.code() == core::ErrorCode::password_too_long) &&
         e.field_errors().empty();
}

void sign_up(std::string_view text) {
  core::RegisterRequest request;
  try {
    request = core::parse_sign_up_email(text);
  } catch (const core::Error& e) {
    if (password_length_refusal(e)) return;
    taskbox::fuzz::check_rejection(e, {"name", "email", "password", "image", "callbackURL", "rememberMe"});
    return;
  }
  check(core::is_valid_email(request.email) && request.email == core::normalize_email(request.email),
        "sign-up email is normalized and valid");
  taskbox::fuzz::check_text(request.password, core::kMinPasswordLength, core::kMaxPasswordLength, false,
                            "sign-up password is 8..128 code points");
  taskbox::fuzz::check_text(request.name, 0, core::kMaxNameLength, true, "sign-up name is trimmed, 0..100");
  core::JsonWriter body;
  body.begin_object().member("name", request.name).member("email", request.email).member("password", request.password);
  const auto again = core::parse_sign_up_email(std::move(body.end_object()).str());
  check(again.email == request.email && again.password == request.password && again.name == request.name,
        "an accepted sign-up round-trips through JSON");
}

void sign_in(std::string_view text) {
  try {
    const core::LoginRequest request = core::parse_sign_in_email(text);
    check(core::is_valid_email(request.email), "sign-in email is valid");
    check(core::code_point_count(request.password) <= core::kMaxPasswordLength, "sign-in password is at most 128");
  } catch (const core::Error& e) {
    if (e.code() == core::ErrorCode::invalid_email || e.code() == core::ErrorCode::password_too_long) {
      check(e.field_errors().empty(), "a refusal of its own names no field");
      return;
    }
    taskbox::fuzz::check_rejection(e, {"email", "password", "callbackURL", "rememberMe"});
  }
}

void signed_value(std::string_view text) {
  if (const auto value = core::verify_cookie_value(kSecret, text)) {
    check(core::sign_cookie_value(kSecret, *value) == text, "only an exact signature verifies");
  }
  const std::string signed_text = core::sign_cookie_value(kSecret, text);
  check(!text.empty() == core::verify_cookie_value(kSecret, signed_text).has_value(),
        "a signed non-empty value verifies");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = taskbox::fuzz::as_text(data, size);
  sign_up(text);
  sign_in(text);
  signed_value(text);
  return 0;
}
