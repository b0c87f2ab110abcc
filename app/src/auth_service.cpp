#include "auth_service.h"

#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"
#include "taskbox/core/random.h"
#include "taskbox/core/text.h"

namespace taskbox::app {
namespace {

core::Error too_many_attempts(const storage::AttemptGrant& refusal, std::string log_detail) {
  return core::Error(core::ErrorCode::too_many_attempts, "Too many attempts; try again later")
      .with_retry_after(std::chrono::seconds(refusal.retry_after_s))
      .with_log_detail(std::move(log_detail));
}

// Refuses at once when the hasher is saturated, before any attempt is written down.
void fail_fast_when_busy(const core::PasswordHasher& hasher) {
  if (hasher.saturated()) {
    throw core::Error(core::ErrorCode::busy, "The server is busy checking passwords; try again shortly")
        .with_retry_after(std::chrono::seconds(1));
  }
}

core::Error invalid_credentials(std::string log_detail) {
  return core::Error(core::ErrorCode::invalid_credentials, "Invalid email or password")
      .with_log_detail(std::move(log_detail));
}

// Undoes an attempt that never reached its password check (the hasher was busy), so a
// refusal for load does not count against the client.
template <typename Attempts, typename Fn>
auto cancel_on_busy(Attempts& attempts, std::int64_t attempt_id, Fn&& fn) {
  try {
    return fn();
  } catch (const core::Error& e) {
    if (e.code() == core::ErrorCode::busy) attempts.cancel(attempt_id);
    throw;
  }
}

// What a refusal of an operation that `limit` bounds counts as: that limit, or the hasher's queue.
void count_refusal(Metrics& metrics, core::ErrorCode code, Limit limit) {
  if (code == core::ErrorCode::too_many_attempts) metrics.count_refusal(limit);
  if (code == core::ErrorCode::busy) metrics.count_refusal(Limit::hash_queue);
}

LoginOutcome login_outcome(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::invalid_credentials: return LoginOutcome::invalid_credentials;
    case core::ErrorCode::too_many_attempts: return LoginOutcome::rate_limited;
    case core::ErrorCode::busy: return LoginOutcome::busy;
    default: return LoginOutcome::failed;
  }
}

}  // namespace

Session AuthService::start_session(core::User user) {
  Session session{std::move(user), {}};
  session.token = deps_.jwt.issue(session.user.id, session.user.email, deps_.token_ttl);
  return session;
}

std::string AuthService::email_key(const std::string& email) const {
  return core::hex_encode(core::keyed_digest(deps_.attempt_key, email));
}

Session AuthService::register_user(const core::RegisterRequest& request, const std::string& client_address) {
  return start_session(sign_up(request, client_address));
}

Session AuthService::login(const core::LoginRequest& request, const std::string& client_address) {
  return start_session(sign_in(request, client_address));
}

core::User AuthService::sign_up(const core::RegisterRequest& request, const std::string& client_address) {
  try {
    return create_account(request, client_address);
  } catch (const core::Error& e) {
    count_refusal(deps_.metrics, e.code(), Limit::registration);
    throw;
  }
}

core::User AuthService::sign_in(const core::LoginRequest& request, const std::string& client_address) {
  try {
    core::User user = check_login(request, client_address);
    deps_.metrics.count_login(LoginOutcome::success);
    return user;
  } catch (const core::Error& e) {
    deps_.metrics.count_login(login_outcome(e.code()));
    count_refusal(deps_.metrics, e.code(), Limit::login);
    throw;
  } catch (...) {
    deps_.metrics.count_login(LoginOutcome::failed);
    throw;
  }
}

core::User AuthService::create_account(const core::RegisterRequest& request, const std::string& client_address) {
  fail_fast_when_busy(deps_.hasher);
  const std::int64_t now = core::unix_ms(deps_.clock());
  const auto grant = deps_.registrations.begin(client_address, now, deps_.limits.registrations);
  if (!grant.granted()) throw too_many_attempts(grant, "registration limit of the address");
  // NOTE: check first so a taken email costs no hash; the unique index still decides races.
  if (deps_.users.find_by_email(request.email)) {
    throw core::Error(core::ErrorCode::email_taken, "An account with this email already exists");
  }
  core::UserRecord record;
  record.user.id = core::new_uuid_v4();
  record.user.email = request.email;
  record.user.name = request.name;
  record.user.created_at = now;
  record.password_hash =
      cancel_on_busy(deps_.registrations, grant.id, [&] { return deps_.hasher.hash(request.password); });
  deps_.users.create(record);
  return std::move(record.user);
}

core::User AuthService::check_login(const core::LoginRequest& request, const std::string& client_address) {
  // NOTE: no account has such an email, and storing it would let one request write
  // ~1 MiB of attempt state; it costs no hash and leaves no trace.
  if (core::code_point_count(request.email) > core::kMaxEmailLength) {
    throw invalid_credentials("email=(over 254 characters)");
  }
  const std::string redacted = "email=" + core::redact_email(request.email);
  fail_fast_when_busy(deps_.hasher);
  const std::string key = email_key(request.email);
  const auto grant = deps_.login_attempts.begin(client_address, key, core::unix_ms(deps_.clock()),
                                                deps_.limits.login_per_pair, deps_.limits.login_per_address);
  if (!grant.granted()) throw too_many_attempts(grant, redacted);

  const auto record = deps_.users.find_by_email(request.email);
  const core::PasswordCheck check = cancel_on_busy(deps_.login_attempts, grant.id, [&] {
    // NOTE: an imported user without a password (see better_auth_import.h) costs the same
    // time as an unknown email and never matches.
    if (record && !record->password_hash.empty()) return deps_.hasher.verify(record->password_hash, request.password);
    deps_.hasher.verify_dummy(request.password);  // NOTE: unknown emails cost the same time
    return core::PasswordCheck{};
  });
  // A failed check stays recorded as a failure of the pair.
  if (!check.ok) throw invalid_credentials(redacted);
  deps_.login_attempts.succeed(client_address, key);
  if (check.needs_rehash) {
    try {
      deps_.users.update_password_hash(record->user.id, deps_.hasher.hash(request.password));
    } catch (const core::Error& e) {
      if (e.code() != core::ErrorCode::busy) throw;  // NOTE: the upgrade waits for a quieter login
    }
  }
  return record->user;
}

void AuthService::logout(const Principal& principal) {
  if (!principal.session_key.empty()) {
    deps_.sessions.remove(principal.session_key);
    return;
  }
  deps_.revocations.revoke(revocation_key(principal.token, principal.claims), principal.claims.expires_at);
  deps_.revocations.purge_expired(core::unix_ms(deps_.clock()) / 1000);
}

}  // namespace taskbox::app
