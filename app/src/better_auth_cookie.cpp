#include "better_auth_cookie.h"

#include <algorithm>
#include <optional>

namespace taskbox::app {
namespace {

constexpr std::string_view kPrefix = "better-auth.";
constexpr std::string_view kSecurePrefix = "__Secure-";

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' || c == '(' || c == ')';
}

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

}  // namespace

bool secure_cookies(const httplib::Request& req, const ClientTrust& trust, CookieSecure mode) {
  return mode == CookieSecure::always || (mode == CookieSecure::automatic && is_https(req, trust));
}

std::string better_auth_cookie_name(std::string_view name, bool secure) {
  std::string out(secure ? kSecurePrefix : std::string_view{});
  return out.append(kPrefix).append(name);
}

std::string better_auth_set_cookie(std::string_view name, std::string_view value,
                                   std::optional<std::int64_t> max_age, bool secure) {
  return better_auth_cookie_name(name, secure) + "=" + encode_uri_component(value) +
         (max_age ? "; Max-Age=" + std::to_string(*max_age) : std::string()) + "; Path=/; HttpOnly" +
         (secure ? "; Secure" : "") + "; SameSite=Lax";
}

std::string encode_uri_component(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (unreserved(c)) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

std::string decode_uri_component(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    const auto high = i + 2 < text.size() ? hex_value(text[i + 1]) : std::nullopt;
    const auto low = i + 2 < text.size() ? hex_value(text[i + 2]) : std::nullopt;
    if (!high || !low) return std::string(text);
    out.push_back(static_cast<char>(*high * 16 + *low));
    i += 2;
  }
  return out;
}

bool is_better_auth_bearer(std::string_view bearer) {
  return !bearer.empty() && std::count(bearer.begin(), bearer.end(), '.') != 2;
}

namespace {

// The value of Better Auth's cookie `name` ("__Secure-" first, then plain), URL-decoded;
// empty when the request has neither.
std::string better_auth_cookie_value(const httplib::Request& req, std::string_view name) {
  std::string value = cookie_value(req, better_auth_cookie_name(name, true));
  if (value.empty()) value = cookie_value(req, better_auth_cookie_name(name, false));
  return decode_uri_component(value);
}

}  // namespace

PresentedSession presented_better_auth_session(const httplib::Request& req) {
  const std::string bearer = bearer_token(req);
  if (is_better_auth_bearer(bearer)) {
    const bool bare = bearer.find('.') == std::string::npos;
    return PresentedSession{bare ? bearer : decode_uri_component(bearer), bare};
  }
  return PresentedSession{better_auth_cookie_value(req, kBetterAuthSessionToken), false};
}

std::string presented_dont_remember(const httplib::Request& req) {
  return better_auth_cookie_value(req, kBetterAuthDontRemember);
}

}  // namespace taskbox::app
