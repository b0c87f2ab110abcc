// Revoked tokens and failed logins: the authentication state that must survive restarts.
#include "connection.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::storage {

void TokenRevocations::revoke(const std::string& token_key, std::int64_t expires_at_s) {
  db_.impl().write("revoke token", [&](detail::Connection& c) {
    auto insert = c.statement(
        "INSERT INTO revoked_tokens (token_key, expires_at) VALUES (?, ?) "
        "ON CONFLICT (token_key) DO NOTHING");
    insert->bindNoCopy(1, token_key);
    insert->bind(2, expires_at_s);
    insert->exec();
  });
}

bool TokenRevocations::is_revoked(const std::string& token_key) {
  return db_.impl().read("check revocation", [&](detail::Connection& c) {
    auto select = c.statement("SELECT 1 FROM revoked_tokens WHERE token_key = ?");
    select->bindNoCopy(1, token_key);
    return select->executeStep();
  });
}

int TokenRevocations::purge_expired(std::int64_t now_s) {
  return db_.impl().write("purge revocations", [&](detail::Connection& c) {
    auto purge = c.statement("DELETE FROM revoked_tokens WHERE expires_at < ?");
    purge->bind(1, now_s);
    return purge->exec();
  });
}

void LoginFailures::record(const std::string& throttle_key, std::int64_t at_ms) {
  db_.impl().write("record login failure", [&](detail::Connection& c) {
    auto insert = c.statement("INSERT INTO login_failures (throttle_key, failed_at) VALUES (?, ?)");
    insert->bindNoCopy(1, throttle_key);
    insert->bind(2, at_ms);
    insert->exec();
  });
}

std::vector<std::int64_t> LoginFailures::since(const std::string& throttle_key, std::int64_t since_ms) {
  return db_.impl().read("count login failures", [&](detail::Connection& c) {
    auto select = c.statement(
        "SELECT failed_at FROM login_failures WHERE throttle_key = ? AND failed_at >= ? "
        "ORDER BY failed_at");
    select->bindNoCopy(1, throttle_key);
    select->bind(2, since_ms);
    std::vector<std::int64_t> times;
    while (select->executeStep()) times.push_back(select->getColumn(0).getInt64());
    return times;
  });
}

void LoginFailures::clear(const std::string& throttle_key) {
  db_.impl().write("clear login failures", [&](detail::Connection& c) {
    auto purge = c.statement("DELETE FROM login_failures WHERE throttle_key = ?");
    purge->bindNoCopy(1, throttle_key);
    purge->exec();
  });
}

int LoginFailures::purge_older_than(std::int64_t before_ms) {
  return db_.impl().write("purge login failures", [&](detail::Connection& c) {
    auto purge = c.statement("DELETE FROM login_failures WHERE failed_at < ?");
    purge->bind(1, before_ms);
    return purge->exec();
  });
}

}  // namespace taskbox::storage
