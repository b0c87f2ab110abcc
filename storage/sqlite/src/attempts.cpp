// Login and registration attempts: the abuse-limit state, kept in the database so that
// it survives restarts (and, with a shared database, holds across instances).
#include <algorithm>
#include <optional>

#include "connection.h"
#include "taskbox/storage/sqlite/repositories.h"

namespace taskbox::storage::sqlite {
namespace {

// When the `limit.max`-th newest of the times the select yields leaves the window, one
// more attempt fits; nullopt while fewer than `max` are in the window. The statement
// lists times newest first, inside the window, and takes the offset as its last binding.
std::optional<std::int64_t> refusal(detail::StatementUse& select, int offset_index, AttemptLimit limit,
                                    std::int64_t now_ms) {
  if (limit.max <= 0) return std::nullopt;
  select->bind(offset_index, limit.max - 1);
  if (!select->executeStep()) return std::nullopt;
  const std::int64_t unlock_at = select->getColumn(0).getInt64() + limit.window_ms;
  return std::max<std::int64_t>(1, (unlock_at - now_ms + 999) / 1000);
}

// Forgets the rows of `table` older than `before_ms`.
void purge(detail::Connection& c, const std::string& table, std::int64_t before_ms) {
  auto old = c.statement("DELETE FROM " + table + " WHERE attempted_at < ?");
  old->bind(1, before_ms);
  old->exec();
}

// The refusal of `limit` for the attempts of `table` from `address`, if it refuses.
std::optional<std::int64_t> address_refusal(detail::Connection& c, const std::string& table,
                                            const std::string& address, AttemptLimit limit, std::int64_t now_ms) {
  auto from = c.statement("SELECT attempted_at FROM " + table +
                          " WHERE address = ?1 AND attempted_at > ?2 ORDER BY attempted_at DESC LIMIT 1 OFFSET ?3");
  from->bindNoCopy(1, address);
  from->bind(2, now_ms - limit.window_ms);
  return refusal(from, 3, limit, now_ms);
}

}  // namespace

AttemptGrant LoginAttempts::begin(const std::string& address, const std::string& email_key, std::int64_t now_ms,
                                  AttemptLimit per_pair, AttemptLimit per_address) {
  return db_.impl().write("begin login attempt", [&](detail::Connection& c) {
    AttemptGrant grant;
    purge(c, "login_attempts", now_ms - std::max(per_pair.window_ms, per_address.window_ms));
    {
      auto pair = c.statement(
          "SELECT attempted_at FROM login_attempts WHERE address = ?1 AND email_key = ?2 AND attempted_at > ?3 "
          "ORDER BY attempted_at DESC LIMIT 1 OFFSET ?4");
      pair->bindNoCopy(1, address);
      pair->bindNoCopy(2, email_key);
      pair->bind(3, now_ms - per_pair.window_ms);
      if (const auto wait = refusal(pair, 4, per_pair, now_ms)) {
        grant.retry_after_s = *wait;
        return grant;
      }
    }
    if (const auto wait = address_refusal(c, "login_attempts", address, per_address, now_ms)) {
      grant.retry_after_s = *wait;
      return grant;
    }
    auto insert = c.statement("INSERT INTO login_attempts (address, email_key, attempted_at) VALUES (?, ?, ?)");
    insert->bindNoCopy(1, address);
    insert->bindNoCopy(2, email_key);
    insert->bind(3, now_ms);
    insert->exec();
    grant.id = c.raw().getLastInsertRowid();
    return grant;
  });
}

void LoginAttempts::succeed(const std::string& address, const std::string& email_key) {
  db_.impl().write("clear login attempts", [&](detail::Connection& c) {
    auto clear = c.statement("DELETE FROM login_attempts WHERE address = ? AND email_key = ?");
    clear->bindNoCopy(1, address);
    clear->bindNoCopy(2, email_key);
    clear->exec();
  });
}

void LoginAttempts::cancel(std::int64_t attempt_id) {
  db_.impl().write("cancel login attempt", [&](detail::Connection& c) {
    auto remove = c.statement("DELETE FROM login_attempts WHERE id = ?");
    remove->bind(1, attempt_id);
    remove->exec();
  });
}

int LoginAttempts::count(const std::string& address, const std::string& email_key, std::int64_t since_ms) const {
  return db_.impl().read("count login attempts", [&](detail::Connection& c) {
    auto select = c.statement(
        "SELECT count(*) FROM login_attempts WHERE address = ? AND email_key = ? AND attempted_at >= ?");
    select->bindNoCopy(1, address);
    select->bindNoCopy(2, email_key);
    select->bind(3, since_ms);
    select->executeStep();
    return select->getColumn(0).getInt();
  });
}

int LoginAttempts::count_from(const std::string& address, std::int64_t since_ms) const {
  return db_.impl().read("count login attempts", [&](detail::Connection& c) {
    auto select = c.statement("SELECT count(*) FROM login_attempts WHERE address = ? AND attempted_at >= ?");
    select->bindNoCopy(1, address);
    select->bind(2, since_ms);
    select->executeStep();
    return select->getColumn(0).getInt();
  });
}

AttemptGrant RegistrationAttempts::begin(const std::string& address, std::int64_t now_ms, AttemptLimit limit) {
  return db_.impl().write("begin registration", [&](detail::Connection& c) {
    AttemptGrant grant;
    purge(c, "registration_attempts", now_ms - limit.window_ms);
    if (const auto wait = address_refusal(c, "registration_attempts", address, limit, now_ms)) {
      grant.retry_after_s = *wait;
      return grant;
    }
    auto insert = c.statement("INSERT INTO registration_attempts (address, attempted_at) VALUES (?, ?)");
    insert->bindNoCopy(1, address);
    insert->bind(2, now_ms);
    insert->exec();
    grant.id = c.raw().getLastInsertRowid();
    return grant;
  });
}

void RegistrationAttempts::cancel(std::int64_t attempt_id) {
  db_.impl().write("cancel registration", [&](detail::Connection& c) {
    auto remove = c.statement("DELETE FROM registration_attempts WHERE id = ?");
    remove->bind(1, attempt_id);
    remove->exec();
  });
}

int RegistrationAttempts::count_from(const std::string& address, std::int64_t since_ms) const {
  return db_.impl().read("count registrations", [&](detail::Connection& c) {
    auto select = c.statement("SELECT count(*) FROM registration_attempts WHERE address = ? AND attempted_at >= ?");
    select->bindNoCopy(1, address);
    select->bind(2, since_ms);
    select->executeStep();
    return select->getColumn(0).getInt();
  });
}

}  // namespace taskbox::storage::sqlite
