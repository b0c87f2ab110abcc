#pragma once
#include "auth_service.h"
#include "authenticator.h"
#include "config.h"
#include "request_info.h"
#include "router.h"

namespace taskbox::app {

// What the auth routes use; copied into every handler. The services belong to the
// Server, which outlives its routes.
struct AuthRouteDeps {
  AuthService& auth;
  const Authenticator& authenticator;
  ClientTrust trust;
  CookieSecure cookie_secure;
};

// Public: POST /api/auth/register, POST /api/auth/login.
// Behind the caller guard: POST /api/auth/logout, GET /api/auth/me.
void bind_auth_routes(Router& router, AuthRouteDeps deps);

}  // namespace taskbox::app
