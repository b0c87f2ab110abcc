// Login and registration attempts: the abuse-limit state, kept in the database so that
// it survives restarts and holds across every instance sharing the database.
//
// Each check-and-record is one transaction that first takes a transaction-scoped
// advisory lock on the client address: every instance's attempts from one address take
// turns, and each sees (READ COMMITTED: a snapshot per statement, taken after the lock)
// the attempts the one before it committed. Login and registration lock different keys.
// Within one instance they queue for the turn before leasing a connection (AddressTurns).
#include <algorithm>
#include <functional>
#include <optional>

#include "repositories.h"
#include "taskbox/core/waiting.h"

namespace taskbox::storage::postgres {

std::unique_lock<std::mutex> detail::AddressTurns::take(const std::string& address) {
  std::mutex& mutex = mutexes_[std::hash<std::string>{}(address) % mutexes_.size()];
  std::unique_lock lock(mutex, std::try_to_lock);
  if (!lock.owns_lock()) {
    const core::WaitingScope waiting;
    lock.lock();
  }
  return lock;
}
namespace {

using detail::Connection;
using detail::Result;

// When the `limit.max`-th newest of the attempt times `newest_first` yields leaves the
// window, one more attempt fits; nullopt while fewer than `max` are in the window.
// `newest_first` runs a statement listing times newest first, inside the window, with
// the offset it is given.
template <typename Select>
std::optional<std::int64_t> refusal(Select&& newest_first, AttemptLimit limit, std::int64_t now_ms) {
  if (limit.max <= 0) return std::nullopt;
  const Result row = newest_first(limit.max - 1);
  if (row.empty()) return std::nullopt;
  const std::int64_t unlock_at = row.int64(0, 0) + limit.window_ms;
  return std::max<std::int64_t>(1, (unlock_at - now_ms + 999) / 1000);
}

// Forgets the rows of `table` older than `before_ms`.
// NOTE: rows another transaction is deleting at the same time are skipped (SKIP LOCKED)
// rather than waited for: they are going anyway, and concurrent purges then never wait
// on, or deadlock with, each other.
void purge(Connection& c, const std::string& table, std::int64_t before_ms) {
  c.exec("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table +
             " WHERE attempted_at < $1 FOR UPDATE SKIP LOCKED)",
         {before_ms});
}

// The refusal of `limit` for the attempts of `table` from `address`, if it refuses.
std::optional<std::int64_t> address_refusal(Connection& c, const std::string& table, const std::string& address,
                                            AttemptLimit limit, std::int64_t now_ms) {
  return refusal(
      [&](int offset) {
        return c.exec("SELECT attempted_at FROM " + table +
                          " WHERE address = $1 AND attempted_at > $2 ORDER BY attempted_at DESC LIMIT 1 OFFSET $3",
                      {address, now_ms - limit.window_ms, offset});
      },
      limit, now_ms);
}

// Takes this transaction's turn for `address` among every instance's (see the top).
// `seed` keeps the lock keys of login and registration apart.
void serialize_per_address(Connection& c, const std::string& address, int seed) {
  c.exec("SELECT pg_advisory_xact_lock(hashtextextended($1, $2))", {address, seed});
}

constexpr int kLoginLockSeed = 0;
constexpr int kRegistrationLockSeed = 1;

}  // namespace

AttemptGrant LoginAttemptTable::begin(const std::string& address, const std::string& email_key, std::int64_t now_ms,
                                  AttemptLimit per_pair, AttemptLimit per_address) {
  const auto turn = turns_.take(address);
  return pool_.transaction("begin login attempt", [&](Connection& c) {
    AttemptGrant grant;
    serialize_per_address(c, address, kLoginLockSeed);
    purge(c, "login_attempts", now_ms - std::max(per_pair.window_ms, per_address.window_ms));
    const auto pair_wait = refusal(
        [&](int offset) {
          return c.exec(
              "SELECT attempted_at FROM login_attempts WHERE address = $1 AND email_key = $2 AND attempted_at > $3 "
              "ORDER BY attempted_at DESC LIMIT 1 OFFSET $4",
              {address, email_key, now_ms - per_pair.window_ms, offset});
        },
        per_pair, now_ms);
    if (pair_wait) {
      grant.retry_after_s = *pair_wait;
      return grant;
    }
    if (const auto wait = address_refusal(c, "login_attempts", address, per_address, now_ms)) {
      grant.retry_after_s = *wait;
      return grant;
    }
    grant.id = c.exec("INSERT INTO login_attempts (address, email_key, attempted_at) VALUES ($1, $2, $3) RETURNING id",
                      {address, email_key, now_ms})
                   .int64(0, 0);
    return grant;
  });
}

void LoginAttemptTable::succeed(const std::string& address, const std::string& email_key) {
  pool_.run("clear login attempts", [&](Connection& c) {
    c.exec("DELETE FROM login_attempts WHERE address = $1 AND email_key = $2", {address, email_key});
  });
}

void LoginAttemptTable::cancel(std::int64_t attempt_id) {
  pool_.run("cancel login attempt",
            [&](Connection& c) { c.exec("DELETE FROM login_attempts WHERE id = $1", {attempt_id}); });
}

int LoginAttemptTable::count(const std::string& address, const std::string& email_key, std::int64_t since_ms) const {
  return pool_.run("count login attempts", [&](Connection& c) {
    return static_cast<int>(
        c.exec("SELECT count(*) FROM login_attempts WHERE address = $1 AND email_key = $2 AND attempted_at >= $3",
               {address, email_key, since_ms})
            .int64(0, 0));
  });
}

int LoginAttemptTable::count_from(const std::string& address, std::int64_t since_ms) const {
  return pool_.run("count login attempts", [&](Connection& c) {
    return static_cast<int>(
        c.exec("SELECT count(*) FROM login_attempts WHERE address = $1 AND attempted_at >= $2", {address, since_ms})
            .int64(0, 0));
  });
}

AttemptGrant RegistrationAttemptTable::begin(const std::string& address, std::int64_t now_ms, AttemptLimit limit) {
  const auto turn = turns_.take(address);
  return pool_.transaction("begin registration", [&](Connection& c) {
    AttemptGrant grant;
    serialize_per_address(c, address, kRegistrationLockSeed);
    purge(c, "registration_attempts", now_ms - limit.window_ms);
    if (const auto wait = address_refusal(c, "registration_attempts", address, limit, now_ms)) {
      grant.retry_after_s = *wait;
      return grant;
    }
    grant.id = c.exec("INSERT INTO registration_attempts (address, attempted_at) VALUES ($1, $2) RETURNING id",
                      {address, now_ms})
                   .int64(0, 0);
    return grant;
  });
}

void RegistrationAttemptTable::cancel(std::int64_t attempt_id) {
  pool_.run("cancel registration",
            [&](Connection& c) { c.exec("DELETE FROM registration_attempts WHERE id = $1", {attempt_id}); });
}

int RegistrationAttemptTable::count_from(const std::string& address, std::int64_t since_ms) const {
  return pool_.run("count registrations", [&](Connection& c) {
    return static_cast<int>(
        c.exec("SELECT count(*) FROM registration_attempts WHERE address = $1 AND attempted_at >= $2",
               {address, since_ms})
            .int64(0, 0));
  });
}

}  // namespace taskbox::storage::postgres
