// The signing keys of the tokens other services verify (Better Auth's jwks rows).
#include "repositories.h"

namespace taskbox::storage::postgres {

using detail::Connection;
using detail::Result;

namespace {

std::optional<std::string> jwk_column_or_null(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace

void JwksTable::create(const JwkRecord& key) {
  const std::optional<std::string> expires_at =
      key.expires_at ? std::optional<std::string>(std::to_string(*key.expires_at)) : std::nullopt;
  const std::optional<std::string> alg = jwk_column_or_null(key.alg);
  const std::optional<std::string> crv = jwk_column_or_null(key.crv);
  pool_.run("create signing key", [&](Connection& c) {
    c.exec("INSERT INTO jwks (id, public_key, private_key, created_at, expires_at, alg, crv) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7)",
           {key.id, key.public_key, key.private_key, key.created_at, expires_at, alg, crv});
  });
}

std::vector<JwkRecord> JwksTable::list() const {
  return pool_.run("list signing keys", [&](Connection& c) {
    const Result rows = c.exec(
        "SELECT id, public_key, private_key, created_at, expires_at, alg, crv FROM jwks ORDER BY created_at, id");
    std::vector<JwkRecord> keys;
    keys.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) {
      JwkRecord& key = keys.emplace_back();
      key.id = rows.text(row, 0);
      key.public_key = rows.text(row, 1);
      key.private_key = rows.text(row, 2);
      key.created_at = rows.int64(row, 3);
      if (!rows.is_null(row, 4)) key.expires_at = rows.int64(row, 4);
      if (!rows.is_null(row, 5)) key.alg = rows.text(row, 5);
      if (!rows.is_null(row, 6)) key.crv = rows.text(row, 6);
    }
    return keys;
  });
}

bool JwksTable::retire(const std::string& id, std::int64_t expires_at) {
  return pool_.run("retire signing key", [&](Connection& c) {
    return c.exec("UPDATE jwks SET expires_at = $1 WHERE id = $2 AND expires_at IS NULL", {expires_at, id})
               .affected() == 1;
  });
}

}  // namespace taskbox::storage::postgres
