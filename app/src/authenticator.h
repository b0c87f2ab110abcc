#pragma once
// Who is calling: the token from `Authorization: Bearer` or the session cookie,
// signature/expiry, revocation, and the user. Handlers never check any of this
// themselves: routes are wrapped with authed(). (The origin rule for writes without a
// Bearer token holds for every /api request and is checked before routing.)

#include <functional>
#include <string>

#include "http.h"
#include "request_info.h"
#include "router.h"
#include "taskbox/core/jwt.h"
#include "taskbox/core/model.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

inline constexpr const char* kSessionCookie = "taskbox_session";

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

  // The caller, or throws core::Error: missing_token, invalid_token, token_expired.
  Principal authenticate(const httplib::Request& req) const;

 private:
  const core::JwtCodec& jwt_;
  storage::UserRepository& users_;
};

using AuthedHandler =
    std::function<void(const httplib::Request&, httplib::Response&, const PathParams&, const Principal&)>;

// A route handler that runs `handler` only for an authenticated caller.
Handler authed(const Authenticator& authenticator, AuthedHandler handler);

}  // namespace taskbox::app
