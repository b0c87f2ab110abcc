#pragma once
// Better Auth's cookies as better-call 1.4.5 writes them for better-auth 1.7.25:
// "better-auth.<name>", "__Secure-better-auth.<name>" when the site is served over https;
// values URL-encoded (encodeURIComponent); attributes in better-call's order.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "better_auth_sessions.h"
#include "config.h"
#include "http.h"
#include "request_info.h"

namespace taskbox::app {

inline constexpr std::string_view kBetterAuthSessionToken = "session_token";
inline constexpr std::string_view kBetterAuthSessionData = "session_data";
inline constexpr std::string_view kBetterAuthDontRemember = "dont_remember";

// True when cookies of this request are set `Secure` (taskbox's own cookie too): always,
// never, or when the client came over https, as configured.
bool secure_cookies(const httplib::Request& req, const ClientTrust& trust, CookieSecure mode);

// "better-auth.<name>", with the "__Secure-" prefix when `secure`.
std::string better_auth_cookie_name(std::string_view name, bool secure);

// A Set-Cookie value: "<full name>=<encoded value>; Max-Age=<max_age>; Path=/; HttpOnly[;
// Secure]; SameSite=Lax". `value` is URL-encoded here; max_age 0 deletes the cookie, none
// makes it last until the browser session ends.
std::string better_auth_set_cookie(std::string_view name, std::string_view value,
                                   std::optional<std::int64_t> max_age, bool secure);

// JavaScript's encodeURIComponent and a lenient decodeURIComponent (text with a broken
// escape comes back as it is, like better-call's tryDecode).
std::string encode_uri_component(std::string_view text);
std::string decode_uri_component(std::string_view text);

// True for an `Authorization: Bearer` value that is Better Auth's (its bearer plugin:
// "token.signature" or the bare token) rather than a JWT (three dot-separated parts).
bool is_better_auth_bearer(std::string_view bearer);

// The Better Auth session a request presents: that of a Better Auth bearer header, else
// the session cookie's (the "__Secure-" one first, then the plain one), URL-decoded;
// empty when it has none.
PresentedSession presented_better_auth_session(const httplib::Request& req);

// The value of the request's "don't remember me" cookie (`rememberMe: false`), URL-decoded
// and still signed; empty when it has none.
std::string presented_dont_remember(const httplib::Request& req);

}  // namespace taskbox::app
