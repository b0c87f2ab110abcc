#include "better_auth_sessions.h"

#include "taskbox/core/better_auth.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/random.h"

namespace taskbox::app {
namespace {

constexpr std::size_t kTokenLength = 32;  // Better Auth's generateId(32)
constexpr std::int64_t kLifeMs = core::kBetterAuthSessionSeconds * 1000;
constexpr std::int64_t kRefreshAfterMs = core::kBetterAuthRefreshAfterSeconds * 1000;

}  // namespace

std::string session_token_key(std::string_view token) { return core::hex_encode(core::sha256_digest(token)); }

BetterAuthSession SessionService::start(const core::User& user, std::string ip_address, std::string user_agent,
                                        bool remember_me) {
  const std::int64_t now = core::unix_ms(clock_());
  const std::int64_t life_ms = remember_me ? kLifeMs : core::kBetterAuthUnrememberedSessionSeconds * 1000;
  BetterAuthSession out;
  out.token = core::random_alphanumeric(kTokenLength);
  out.user = user;
  out.record = storage::SessionRecord{core::random_alphanumeric(kTokenLength), session_token_key(out.token), user.id,
                                      now + life_ms, now, now, std::move(ip_address), std::move(user_agent)};
  sessions_.create(out.record);
  // NOTE: expired sessions are deleted as they are found; this sweeps the never-read ones.
  sessions_.purge_expired(now);
  return out;
}

std::string SessionService::signed_token(std::string_view token) const {
  return core::sign_cookie_value(secret_, token);
}

std::optional<std::string> SessionService::verified_token(const PresentedSession& presented) const {
  if (presented.empty()) return std::nullopt;
  if (presented.bare) return presented.value;
  return core::verify_cookie_value(secret_, presented.value);
}

SessionService::Lookup SessionService::find(const PresentedSession& presented, bool refresh) {
  Lookup out;
  auto token = verified_token(presented);
  if (!token) return out;
  const std::string key = session_token_key(*token);
  auto found = sessions_.find(key);
  const std::int64_t now = core::unix_ms(clock_());
  if (!found) {
    out.state = Lookup::State::missing;
    return out;
  }
  if (found->session.expires_at < now) {  // NOTE: as Better Auth: valid at its very expiry
    sessions_.remove(key);
    out.state = Lookup::State::expired;
    return out;
  }
  // Better Auth: refresh once `expiresAt - expiresIn + updateAge <= now`.
  if (refresh && found->session.expires_at - kLifeMs + kRefreshAfterMs <= now) {
    if (!sessions_.refresh(key, now + kLifeMs, now)) {
      out.state = Lookup::State::missing;  // NOTE: signed out meanwhile
      return out;
    }
    found->session.expires_at = now + kLifeMs;
    found->session.updated_at = now;
    out.refreshed = true;
  }
  out.state = Lookup::State::active;
  out.session = BetterAuthSession{std::move(found->session), std::move(found->user), std::move(*token)};
  return out;
}

bool SessionService::is_dont_remember(std::string_view signed_value) const {
  return core::verify_cookie_value(secret_, signed_value) == "true";
}

void SessionService::end(const PresentedSession& presented) {
  if (const auto token = verified_token(presented)) sessions_.remove(session_token_key(*token));
}

}  // namespace taskbox::app
