#include "authenticator.h"

#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"

namespace taskbox::app {
namespace {

core::Error invalid_token(std::string detail) {
  return core::Error(core::ErrorCode::invalid_token, std::move(detail))
      .with_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
}

}  // namespace

std::string revocation_key(const std::string& token, const core::TokenClaims& claims) {
  if (!claims.token_id.empty()) return "jti:" + claims.token_id;
  return "sha256:" + core::hex_encode(core::sha256_digest(token));
}

Principal Authenticator::authenticate(const httplib::Request& req) const {
  Principal principal;
  principal.token = bearer_token(req);
  if (principal.token.empty()) principal.token = cookie_value(req, kSessionCookie);
  if (principal.token.empty()) {
    throw core::Error(core::ErrorCode::missing_token, "Authentication required")
        .with_header("WWW-Authenticate", "Bearer");
  }
  try {
    principal.claims = jwt_.verify(principal.token);
  } catch (core::Error& e) {
    e.with_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    throw;
  }
  auto owner = users_.find_token_owner(principal.claims.subject, revocation_key(principal.token, principal.claims));
  if (owner.revoked) throw invalid_token("Token has been revoked");
  if (!owner.user) throw invalid_token("Token subject is not a user");
  principal.user = std::move(*owner.user);
  return principal;
}

Handler authed(const Authenticator& authenticator, AuthedHandler handler) {
  return [&authenticator, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res,
                                                        const PathParams& params) {
    const Principal principal = authenticator.authenticate(req);
    handler(req, res, params, principal);
  };
}

}  // namespace taskbox::app
