// Revoked tokens: the authentication state that must survive restarts.
#include "repositories.h"

namespace taskbox::storage::postgres {

using detail::Connection;

void RevocationTable::revoke(const std::string& token_key, std::int64_t expires_at_s) {
  pool_.run("revoke token", [&](Connection& c) {
    c.exec("INSERT INTO revoked_tokens (token_key, expires_at) VALUES ($1, $2) ON CONFLICT (token_key) DO NOTHING",
           {token_key, expires_at_s});
  });
}

bool RevocationTable::is_revoked(const std::string& token_key) const {
  return pool_.run("check revocation", [&](Connection& c) {
    return !c.exec("SELECT 1 FROM revoked_tokens WHERE token_key = $1", {token_key}).empty();
  });
}

int RevocationTable::purge_expired(std::int64_t now_s) {
  return pool_.run("purge revocations", [&](Connection& c) {
    return static_cast<int>(c.exec("DELETE FROM revoked_tokens WHERE expires_at < $1", {now_s}).affected());
  });
}

}  // namespace taskbox::storage::postgres
