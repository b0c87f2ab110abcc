#pragma once
#include "auth_service.h"
#include "better_auth_jwt.h"
#include "better_auth_sessions.h"
#include "config.h"
#include "request_info.h"
#include "router.h"

namespace taskbox::app {

// What the Better Auth routes use; copied into every handler. The services belong to the
// Server, which outlives its routes.
struct BetterAuthRouteDeps {
  AuthService& auth;
  SessionService& sessions;
  SigningKeys& signing_keys;
  const BetterAuthJwt& jwt;
  ClientTrust trust;
  CookieSecure cookie_secure;
};

// Better Auth's email-and-password routes under /api/auth (better-auth 1.7.25), their
// errors in Better Auth's {"message","code"}:
//   POST /sign-up/email, POST /sign-in/email: start a session, set its cookie;
//   POST /sign-out: ends the presented session (if any), deletes the cookies;
// A session is presented by its cookie or, as with Better Auth's bearer plugin, by
// `Authorization: Bearer <token.signature or token>`; a new or refreshed session's
// signed token is also sent in `set-auth-token`.
//   GET /get-session: the presented session and its user (its expiry moved forward once
//   a day, unless ?disableRefresh), or null.
// Better Auth's JWT plugin, for services that verify tokens without the secret:
//   GET /jwks: the public keys, {"keys":[{alg,crv,x,kty,kid}]};
//   GET /token: {"token"}, an EdDSA JWT of the presented session's user (15 minutes),
//   else 401 UNAUTHORIZED; get-session sends the same in `set-auth-jwt`.
// /token runs behind the "better_auth_session" guard; the rest are public: get-session and
// sign-out answer a caller without a session too, as Better Auth's do, and /jwks is for
// anyone. Registration and login limits and the origin rule apply as on taskbox's own.
void bind_better_auth_routes(Router& router, BetterAuthRouteDeps deps);

}  // namespace taskbox::app
