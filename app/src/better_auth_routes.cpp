#include "better_auth_routes.h"

#include "better_auth_cookie.h"
#include "guards.h"
#include "problem.h"
#include "render.h"
#include "taskbox/core/better_auth.h"
#include "taskbox/core/json_writer.h"

namespace taskbox::app {
namespace {

using Request = httplib::Request;
using Response = httplib::Response;

bool presents_dont_remember(const Request& req, const BetterAuthRouteDeps& deps) {
  const std::string value = presented_dont_remember(req);
  return !value.empty() && deps.sessions.is_dont_remember(value);
}

// The session cookie, and the same signed token in `set-auth-token` for clients that use
// Better Auth's bearer plugin instead of cookies (what the plugin's after-hook adds).
// Better Auth's setSessionCookie: a session not to be remembered gets a cookie that ends
// with the browser session and the signed "don't remember me" cookie beside it; one to be
// remembered clears a "don't remember me" cookie left from before.
void set_session_cookie(const Request& req, Response& res, const BetterAuthRouteDeps& deps, const std::string& token,
                        bool remember_me = true) {
  const std::string signed_token = deps.sessions.signed_token(token);
  const bool secure = secure_cookies(req, deps.trust, deps.cookie_secure);
  res.set_header("Set-Cookie",
                 better_auth_set_cookie(kBetterAuthSessionToken, signed_token,
                                        remember_me ? std::optional(core::kBetterAuthSessionSeconds) : std::nullopt,
                                        secure));
  if (!remember_me) {
    res.set_header("Set-Cookie", better_auth_set_cookie(kBetterAuthDontRemember, deps.sessions.signed_token("true"),
                                                        std::nullopt, secure));
  } else if (presents_dont_remember(req, deps)) {
    res.set_header("Set-Cookie", better_auth_set_cookie(kBetterAuthDontRemember, "", 0, secure));
  }
  res.set_header("set-auth-token", signed_token);
  res.set_header("Access-Control-Expose-Headers", "set-auth-token");
}

// Better Auth's deleteSessionCookie: the session cookie, its cache and "don't remember me".
void delete_session_cookies(const Request& req, Response& res, const BetterAuthRouteDeps& deps) {
  const bool secure = secure_cookies(req, deps.trust, deps.cookie_secure);
  for (const auto name : {kBetterAuthSessionToken, kBetterAuthSessionData, kBetterAuthDontRemember}) {
    res.set_header("Set-Cookie", better_auth_set_cookie(name, "", 0, secure));
  }
}

// Better Auth's originCheck middleware on a body's callbackURL.
void check_callback_url(const Request& req, const BetterAuthRouteDeps& deps, const std::optional<std::string>& url) {
  if (url && !is_trusted_callback_url(req, deps.trust, *url)) {
    throw core::Error(core::ErrorCode::invalid_callback_url, "Invalid callbackURL");
  }
}

BetterAuthSession start_session(const Request& req, Response& res, const BetterAuthRouteDeps& deps,
                                const core::User& user, bool remember_me) {
  BetterAuthSession session =
      deps.sessions.start(user, client_address(req, deps.trust), req.get_header_value("User-Agent"), remember_me);
  set_session_cookie(req, res, deps, session.token, remember_me);
  return session;
}

// The JWT plugin's after-hook of get-session: a token of the session's user, and its
// header added to those exposed to scripts.
void set_auth_jwt(const Request& req, Response& res, const BetterAuthRouteDeps& deps, const core::User& user) {
  res.set_header("set-auth-jwt", deps.jwt.issue(user, expected_origin(req, deps.trust)));
  std::string exposed = res.get_header_value("Access-Control-Expose-Headers");
  res.headers.erase("Access-Control-Expose-Headers");
  res.set_header("Access-Control-Expose-Headers", exposed.empty() ? "set-auth-jwt" : exposed + ", set-auth-jwt");
}

std::string jwks_json(const std::vector<std::string>& entries) {
  std::string out = R"({"keys":[)";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += entries[i];  // NOTE: each one is a JSON object core::jwks_entry wrote
  }
  out += "]}";
  return out;
}

}  // namespace

void bind_better_auth_routes(Router& router, BetterAuthRouteDeps deps) {
  PublicRoutes routes(router, "/api/auth", ErrorStyle::better_auth);

  routes.add("POST", "/sign-up/email", [deps](const Request& req, Response& res, const PathParams&) {
    const auto request = core::parse_sign_up_email(req.body);
    check_callback_url(req, deps, request.callback_url);
    const core::User user = deps.auth.sign_up(request, limit_key(client_address(req, deps.trust)));
    const BetterAuthSession session = start_session(req, res, deps, user, request.remember_me);
    send_json(res, 200, better_auth_sign_up_json(session.token, user));
  });

  routes.add("POST", "/sign-in/email", [deps](const Request& req, Response& res, const PathParams&) {
    const auto request = core::parse_sign_in_email(req.body);
    check_callback_url(req, deps, request.callback_url);
    const core::User user = deps.auth.sign_in(request, limit_key(client_address(req, deps.trust)));
    const BetterAuthSession session = start_session(req, res, deps, user, request.remember_me);
    // NOTE: Better Auth answers 200 with a Location header; its client follows `url`.
    if (request.callback_url) res.set_header("Location", *request.callback_url);
    send_json(res, 200, better_auth_sign_in_json(session.token, user, request.callback_url));
  });

  routes.add("POST", "/sign-out", [deps](const Request& req, Response& res, const PathParams&) {
    deps.sessions.end(presented_better_auth_session(req));
    delete_session_cookies(req, res, deps);
    send_json(res, 200, R"({"success":true})");
  });

  routes.add("GET", "/get-session", [deps](const Request& req, Response& res, const PathParams&) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("Pragma", "no-cache");
    // NOTE: Better Auth coerces the parameter with Boolean(): any non-empty value is true.
    // A session not to be remembered is never refreshed: it ends a day after it began.
    const bool refresh = req.get_param_value("disableRefresh").empty() && !presents_dont_remember(req, deps);
    auto lookup = deps.sessions.find(presented_better_auth_session(req), refresh);
    using State = SessionService::Lookup::State;
    if (lookup.state != State::active) {
      if (lookup.state != State::unsigned_value) delete_session_cookies(req, res, deps);
      send_json(res, 200, "null");
      return;
    }
    const BetterAuthSession& session = *lookup.session;
    if (lookup.refreshed) set_session_cookie(req, res, deps, session.token);
    set_auth_jwt(req, res, deps, session.user);
    send_json(res, 200, better_auth_session_json(session.record, session.token, session.user));
  });

  routes.add("GET", "/jwks", [deps](const Request&, Response& res, const PathParams&) {
    // NOTE: public keys only; verifiers refetch on a kid they do not know.
    res.set_header("Cache-Control", "public, max-age=300");
    send_json(res, 200, jwks_json(deps.signing_keys.public_jwks()));
  });

  RouteGroup<BetterAuthSession> session(router, "/api/auth", "better_auth_session",
                                        require_better_auth_session(deps.sessions), ErrorStyle::better_auth);
  session.add("GET", "/token",
              [deps](const Request& req, Response& res, const PathParams&, const BetterAuthSession& caller) {
                core::JsonWriter body;
                body.begin_object().member("token", deps.jwt.issue(caller.user, expected_origin(req, deps.trust)));
                send_json(res, 200, std::move(body.end_object()).str());
              });
}

}  // namespace taskbox::app
