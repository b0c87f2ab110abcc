#pragma once
// Who presents a token: signature, expiry, revocation and the user behind it. Knows
// nothing of HTTP; guards.h takes the token from a request and runs this.

#include <string>
#include <string_view>

#include "better_auth_jwt.h"
#include "better_auth_sessions.h"
#include "taskbox/core/jwt.h"
#include "taskbox/core/model.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

// An authenticated caller: the user, the claims of their token and the token itself;
// or, for a caller that presented a Better Auth session cookie, the user and the
// session's key (no claims, no token).
struct Principal {
  core::User user;
  core::TokenClaims claims;
  std::string token;
  std::string session_key;  // non-empty: authenticated by a Better Auth session
};

// The key a token is revoked under: its jti, or a hash of the whole token without one.
std::string revocation_key(const std::string& token, const core::TokenClaims& claims);

class Authenticator {
 public:
  // Without `eddsa`, only taskbox's HS256 tokens are accepted.
  Authenticator(const core::JwtCodec& jwt, storage::UserRepository& users, SessionService& sessions,
                const BetterAuthJwt* eddsa = nullptr)
      : jwt_(jwt), users_(users), sessions_(sessions), eddsa_(eddsa) {}

  // The caller presenting `token`: an HS256 token of taskbox's, or an EdDSA token of
  // Better Auth's JWT plugin issued for `base_url` (its iss and aud; BetterAuthJwt).
  // Either way its user must exist and the token must be younger than the user's last
  // password change. Throws core::Error: missing_token (empty), invalid_token (also for
  // a token issued before the user's password was replaced, or without `iat` once it
  // was), token_expired.
  Principal authenticate(std::string token, const std::string& base_url = {}) const;

  // The caller presenting a Better Auth session, or throws core::Error: missing_token
  // (nothing presented), invalid_token (a wrong signature, a session that is not
  // stored), token_expired (an expired one). Its expiry does not move: that is what
  // get-session does.
  Principal authenticate_session(const PresentedSession& presented) const;

 private:
  const core::JwtCodec& jwt_;
  storage::UserRepository& users_;
  SessionService& sessions_;
  const BetterAuthJwt* eddsa_;
};

}  // namespace taskbox::app
