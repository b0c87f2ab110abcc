#include "guards.h"

#include "better_auth_cookie.h"
#include "request_info.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"

namespace taskbox::app {

Principal authenticate_request(const Authenticator& authenticator, const ClientTrust& trust,
                               const httplib::Request& req) {
  const std::string bearer = bearer_token(req);
  if (!bearer.empty() && !is_better_auth_bearer(bearer)) {
    return authenticator.authenticate(bearer, expected_origin(req, trust));
  }
  if (bearer.empty()) {
    std::string token = cookie_value(req, kSessionCookie);
    if (!token.empty()) return authenticator.authenticate(std::move(token), expected_origin(req, trust));
  }
  const PresentedSession session = presented_better_auth_session(req);
  if (session.empty()) return authenticator.authenticate("");  // NOTE: missing_token, as for no JWT
  return authenticator.authenticate_session(session);
}

RouteGroup<Principal>::Guard require_caller(const Authenticator& authenticator, ClientTrust trust) {
  return [&authenticator, trust = std::move(trust)](const httplib::Request& req, const PathParams&) {
    return authenticate_request(authenticator, trust, req);
  };
}

RouteGroup<BetterAuthSession>::Guard require_better_auth_session(SessionService& sessions) {
  return [&sessions](const httplib::Request& req, const PathParams&) {
    auto lookup = sessions.find(presented_better_auth_session(req), false);
    if (lookup.state != SessionService::Lookup::State::active) {
      throw core::Error(core::ErrorCode::missing_token, "Unauthorized");
    }
    return std::move(*lookup.session);
  };
}

RouteGroup<Owner>::Guard require_owner(const Authenticator& authenticator, ClientTrust trust) {
  return [&authenticator, trust = std::move(trust)](const httplib::Request& req, const PathParams& params) {
    Principal caller = authenticate_request(authenticator, trust, req);
    const std::string_view requested = params.get("user_id");
    if (requested != "me" && requested != caller.user.id) {
      throw core::Error(core::ErrorCode::forbidden, "You may only access your own tasks");
    }
    std::string user_id = caller.user.id;
    return Owner{std::move(user_id), std::move(caller)};
  };
}

RouteGroup<MetricsScraper>::Guard require_metrics_token(std::string token) {
  return [token = std::move(token)](const httplib::Request& req, const PathParams&) {
    const std::string presented = bearer_token(req);
    if (presented.empty()) throw core::Error(core::ErrorCode::missing_token, "Authentication required");
    if (!core::secrets_equal(presented, token)) {
      throw core::Error(core::ErrorCode::invalid_token, "Invalid metrics token");
    }
    return MetricsScraper{};
  };
}

}  // namespace taskbox::app
