#include "authenticator.h"

#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"

namespace taskbox::app {
namespace {

core::Error invalid_token(std::string detail) { return core::Error(core::ErrorCode::invalid_token, std::move(detail)); }

}  // namespace

std::string revocation_key(const std::string& token, const core::TokenClaims& claims) {
  if (!claims.token_id.empty()) return "jti:" + claims.token_id;
  return "sha256:" + core::hex_encode(core::sha256_digest(token));
}

Principal Authenticator::authenticate(std::string token, const std::string& base_url) const {
  if (token.empty()) throw core::Error(core::ErrorCode::missing_token, "Authentication required");
  Principal principal;
  principal.token = std::move(token);
  principal.claims = eddsa_ != nullptr && core::is_eddsa_token(principal.token)
                         ? eddsa_->verify(principal.token, base_url)
                         : jwt_.verify(principal.token);
  auto owner = users_.find_token_owner(principal.claims.subject, revocation_key(principal.token, principal.claims));
  if (owner.revoked) throw invalid_token("Token has been revoked");
  if (!owner.user) throw invalid_token("Token subject is not a user");
  // NOTE: read from the database on every request (no cache), so a password replaced by
  // `taskbox users set-password` in another process voids the old tokens at once.
  if (principal.claims.issued_at < owner.tokens_valid_after_s) {
    throw invalid_token("Token was issued before the password was changed");
  }
  principal.user = std::move(*owner.user);
  return principal;
}

Principal Authenticator::authenticate_session(const PresentedSession& presented) const {
  if (presented.empty()) throw core::Error(core::ErrorCode::missing_token, "Authentication required");
  auto lookup = sessions_.find(presented, false);
  using State = SessionService::Lookup::State;
  switch (lookup.state) {
    case State::unsigned_value: throw invalid_token("Invalid session token");
    case State::missing: throw invalid_token("No such session, or it has ended");
    case State::expired: throw core::Error(core::ErrorCode::token_expired, "Session has expired");
    case State::active: break;
  }
  Principal principal;
  principal.user = std::move(lookup.session->user);
  principal.session_key = std::move(lookup.session->record.token_key);
  return principal;
}

}  // namespace taskbox::app
