#include "guards.h"

#include "request_info.h"
#include "taskbox/core/error.h"

namespace taskbox::app {

std::string presented_token(const httplib::Request& req) {
  std::string token = bearer_token(req);
  return token.empty() ? cookie_value(req, kSessionCookie) : token;
}

RouteGroup<Principal>::Guard require_caller(const Authenticator& authenticator) {
  return [&authenticator](const httplib::Request& req, const PathParams&) {
    return authenticator.authenticate(presented_token(req));
  };
}

RouteGroup<Owner>::Guard require_owner(const Authenticator& authenticator) {
  return [&authenticator](const httplib::Request& req, const PathParams& params) {
    Principal caller = authenticator.authenticate(presented_token(req));
    const std::string_view requested = params.get("user_id");
    if (requested != "me" && requested != caller.user.id) {
      throw core::Error(core::ErrorCode::forbidden, "You may only access your own tasks");
    }
    std::string user_id = caller.user.id;
    return Owner{std::move(user_id), std::move(caller)};
  };
}

}  // namespace taskbox::app
