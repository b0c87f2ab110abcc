// The signing keys of the tokens other services verify (Better Auth's jwks rows).
#include "connection.h"
#include "taskbox/storage/sqlite/repositories.h"

namespace taskbox::storage::sqlite {

void JwksRepository::create(const JwkRecord& key) {
  db_.impl().write("create signing key", [&](detail::Connection& c) {
    auto insert = c.statement(
        "INSERT INTO jwks (id, public_key, private_key, created_at, expires_at, alg, crv) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert->bindNoCopy(1, key.id);
    insert->bindNoCopy(2, key.public_key);
    insert->bindNoCopy(3, key.private_key);
    insert->bind(4, key.created_at);
    if (key.expires_at) insert->bind(5, *key.expires_at);
    else insert->bind(5);
    if (!key.alg.empty()) insert->bindNoCopy(6, key.alg);
    else insert->bind(6);
    if (!key.crv.empty()) insert->bindNoCopy(7, key.crv);
    else insert->bind(7);
    insert->exec();
  });
}

std::vector<JwkRecord> JwksRepository::list() const {
  return db_.impl().read("list signing keys", [&](detail::Connection& c) {
    auto select = c.statement(
        "SELECT id, public_key, private_key, created_at, expires_at, alg, crv FROM jwks ORDER BY created_at, id");
    std::vector<JwkRecord> keys;
    while (select->executeStep()) {
      JwkRecord& key = keys.emplace_back();
      key.id = select->getColumn(0).getString();
      key.public_key = select->getColumn(1).getString();
      key.private_key = select->getColumn(2).getString();
      key.created_at = select->getColumn(3).getInt64();
      if (!select->getColumn(4).isNull()) key.expires_at = select->getColumn(4).getInt64();
      key.alg = select->getColumn(5).getString();
      key.crv = select->getColumn(6).getString();
    }
    return keys;
  });
}

bool JwksRepository::retire(const std::string& id, std::int64_t expires_at) {
  return db_.impl().write("retire signing key", [&](detail::Connection& c) {
    auto update = c.statement("UPDATE jwks SET expires_at = ? WHERE id = ? AND expires_at IS NULL");
    update->bind(1, expires_at);
    update->bindNoCopy(2, id);
    return update->exec() == 1;
  });
}

}  // namespace taskbox::storage::sqlite
