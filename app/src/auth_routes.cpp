#include "auth_routes.h"

#include "better_auth_cookie.h"
#include "guards.h"
#include "problem.h"
#include "render.h"
#include "taskbox/core/requests.h"

namespace taskbox::app {
namespace {

std::string session_cookie(const httplib::Request& req, const AuthRouteDeps& deps, const std::string& token,
                           std::int64_t max_age) {
  const bool secure = secure_cookies(req, deps.trust, deps.cookie_secure);
  return std::string(kSessionCookie) + "=" + token + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
         std::to_string(max_age) + (secure ? "; Secure" : "");
}

void send_session(const httplib::Request& req, httplib::Response& res, const AuthRouteDeps& deps,
                  const Session& session, int status) {
  const std::int64_t ttl = deps.auth.token_ttl().count();
  core::JsonWriter body;
  body.begin_object().key("user");
  write_user(body, session.user);
  body.member("token", session.token.token)
      .member("token_type", "Bearer")
      .member("expires_in", ttl)
      .end_object();
  res.set_header("Set-Cookie", session_cookie(req, deps, session.token.token, ttl));
  send_json(res, status, std::move(body).str());
}

}  // namespace

void bind_auth_routes(Router& router, AuthRouteDeps deps) {
  using Request = httplib::Request;
  using Response = httplib::Response;

  // The only /api routes without a guard: they are how a caller gets a token.
  PublicRoutes sign_in(router, "/api/auth");
  sign_in.add("POST", "/register", [deps](const Request& req, Response& res, const PathParams&) {
    const auto request = core::parse_register_request(req.body);
    send_session(req, res, deps, deps.auth.register_user(request, limit_key(client_address(req, deps.trust))), 201);
  });
  sign_in.add("POST", "/login", [deps](const Request& req, Response& res, const PathParams&) {
    const auto request = core::parse_login_request(req.body);
    send_session(req, res, deps, deps.auth.login(request, limit_key(client_address(req, deps.trust))), 200);
  });

  RouteGroup<Principal> session(router, "/api/auth", "caller", require_caller(deps.authenticator, deps.trust));
  session.add("POST", "/logout", [deps](const Request& req, Response& res, const PathParams&, const Principal& caller) {
    deps.auth.logout(caller);
    res.status = 204;
    res.set_header("Set-Cookie", session_cookie(req, deps, "", 0));
  });
  session.add("GET", "/me", [](const Request&, Response& res, const PathParams&, const Principal& caller) {
    core::JsonWriter body;
    body.begin_object().key("user");
    write_user(body, caller.user);
    body.end_object();
    send_json(res, 200, std::move(body).str());
  });
}

}  // namespace taskbox::app
