#pragma once
// Better Auth's email-and-password wire format, as better-auth 1.7.25 (and better-call
// 1.4.5, its HTTP layer) define it: the bodies of POST /sign-up/email and
// POST /sign-in/email, and the signed cookie values its session cookie carries.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "taskbox/core/requests.h"

namespace taskbox::core {

// Better Auth's session lifetime (session.expiresIn) and how old a session's last
// refresh may be before the next read moves its expiry again (session.updateAge).
inline constexpr std::int64_t kBetterAuthSessionSeconds = 7 * 24 * 3600;
inline constexpr std::int64_t kBetterAuthRefreshAfterSeconds = 24 * 3600;
// The lifetime of a session started with `rememberMe: false`, never refreshed.
inline constexpr std::int64_t kBetterAuthUnrememberedSessionSeconds = 24 * 3600;

// `{name, email, password, image?, callbackURL?, rememberMe?}`: `name` is required, as
// Better Auth requires it (empty allowed, trimmed, at most kMaxNameLength like every
// taskbox name). Throws invalid_json; validation_failed (a member missing or of the
// wrong type, a name too long, an email that is not one); then password_too_short or
// password_too_long (kMinPasswordLength..kMaxPasswordLength code points).
RegisterRequest parse_sign_up_email(std::string_view body);

// `{email, password, callbackURL?, rememberMe?}`. Throws invalid_json; validation_failed
// (a member missing or of the wrong type); then invalid_email for an email that is not
// one, password_too_long. A short password is no refusal here: it is just wrong.
LoginRequest parse_sign_in_email(std::string_view body);

// better-call's signed cookie value before URL encoding: "value.signature", the
// signature being HMAC-SHA-256(secret, value) in padded standard base64 (44 characters).
std::string sign_cookie_value(std::string_view secret, std::string_view value);

// The value of a signed cookie value whose signature is right; nullopt when it has none
// (no '.', nothing before it, a signature that is not 44 characters ending in '=') or a
// wrong one. Compared in constant time.
std::optional<std::string> verify_cookie_value(std::string_view secret, std::string_view signed_value);

}  // namespace taskbox::core
