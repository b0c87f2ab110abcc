#pragma once
#include "auth_service.h"
#include "authenticator.h"
#include "config.h"
#include "router.h"

namespace taskbox::app {

struct AuthRouteDeps {
  AuthService& auth;
  const Authenticator& authenticator;
  ClientTrust trust;
  CookieSecure cookie_secure;
};

// POST /api/auth/register, POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me
void bind_auth_routes(Router& router, const AuthRouteDeps& deps);

}  // namespace taskbox::app
