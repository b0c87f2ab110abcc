#pragma once
// Who presents a token: signature, expiry, revocation and the user behind it. Knows
// nothing of HTTP; guards.h takes the token from a request and runs this.

#include <string>

#include "taskbox/core/jwt.h"
#include "taskbox/core/model.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

// An authenticated caller: the user, the claims of their token and the token itself.
struct Principal {
  core::User user;
  core::TokenClaims claims;
  std::string token;
};

// The key a token is revoked under: its jti, or a hash of the whole token without one.
std::string revocation_key(const std::string& token, const core::TokenClaims& claims);

class Authenticator {
 public:
  Authenticator(const core::JwtCodec& jwt, storage::UserRepository& users) : jwt_(jwt), users_(users) {}

  // The caller presenting `token`, or throws core::Error: missing_token (empty),
  // invalid_token (also for a token issued before the user's password was replaced, or
  // without `iat` once it was), token_expired.
  Principal authenticate(std::string token) const;

 private:
  const core::JwtCodec& jwt_;
  storage::UserRepository& users_;
};

}  // namespace taskbox::app
