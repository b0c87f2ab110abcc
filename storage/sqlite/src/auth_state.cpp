// Revoked tokens: the authentication state that must survive restarts.
#include "connection.h"
#include "taskbox/storage/sqlite/repositories.h"

namespace taskbox::storage::sqlite {

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

bool TokenRevocations::is_revoked(const std::string& token_key) const {
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

}  // namespace taskbox::storage::sqlite
