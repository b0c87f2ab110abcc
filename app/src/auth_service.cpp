#include "auth_service.h"

#include "taskbox/core/error.h"
#include "taskbox/core/random.h"

namespace taskbox::app {

Session AuthService::start_session(core::User user) {
  Session session{std::move(user), {}};
  session.token = deps_.jwt.issue(session.user.id, session.user.email, deps_.token_ttl);
  return session;
}

Session AuthService::register_user(const core::RegisterRequest& request) {
  // NOTE: check first so a taken email costs no hash; the unique index still decides races.
  if (deps_.users.find_by_email(request.email)) {
    throw core::Error(core::ErrorCode::email_taken, "An account with this email already exists");
  }
  core::UserRecord record;
  record.user.id = core::new_uuid_v4();
  record.user.email = request.email;
  record.user.name = request.name;
  record.user.created_at = core::unix_ms(deps_.clock());
  record.password_hash = deps_.hasher.hash(request.password);
  deps_.users.create(record);
  return start_session(std::move(record.user));
}

Session AuthService::login(const core::LoginRequest& request, const std::string& client_address) {
  const std::string throttle_key = client_address + "|" + request.email;
  const std::int64_t now = core::unix_ms(deps_.clock());
  const std::int64_t window_ms = deps_.limit.window.count() * 1000;
  const auto recent = deps_.failures.since(throttle_key, now - window_ms);
  if (recent.size() >= static_cast<std::size_t>(deps_.limit.max_failures)) {
    // Locked until enough of the counted failures leave the window.
    const std::int64_t unlock_at = recent[recent.size() - static_cast<std::size_t>(deps_.limit.max_failures)] + window_ms;
    const std::int64_t retry_after = std::max<std::int64_t>(1, (unlock_at - now + 999) / 1000);
    throw core::Error(core::ErrorCode::too_many_attempts, "Too many failed logins; try again later")
        .with_header("Retry-After", std::to_string(retry_after))
        .with_log_detail("email=" + request.email);
  }

  const auto record = deps_.users.find_by_email(request.email);
  bool ok = false;
  bool needs_rehash = false;
  if (record) {
    const auto check = deps_.hasher.verify(record->password_hash, request.password);
    ok = check.ok;
    needs_rehash = check.needs_rehash;
  } else {
    deps_.hasher.verify_dummy(request.password);  // NOTE: unknown emails cost the same time
  }
  if (!ok) {
    deps_.failures.record(throttle_key, now);
    deps_.failures.purge_older_than(now - window_ms);
    throw core::Error(core::ErrorCode::invalid_credentials, "Invalid email or password")
        .with_log_detail("email=" + request.email);
  }
  if (!recent.empty()) deps_.failures.clear(throttle_key);
  if (needs_rehash) {
    deps_.users.update_password_hash(record->user.id, deps_.hasher.hash(request.password));
  }
  return start_session(record->user);
}

void AuthService::logout(const Principal& principal) {
  deps_.revocations.revoke(revocation_key(principal.token, principal.claims), principal.claims.expires_at);
  deps_.revocations.purge_expired(core::unix_ms(deps_.clock()) / 1000);
}

}  // namespace taskbox::app
