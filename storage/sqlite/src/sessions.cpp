// Server-side sessions of the Better Auth routes.
#include "connection.h"
#include "taskbox/storage/sqlite/repositories.h"

namespace taskbox::storage::sqlite {

void SessionRepository::create(const SessionRecord& session) {
  db_.impl().write("create session", [&](detail::Connection& c) {
    auto insert = c.statement(
        "INSERT INTO sessions (id, token_key, user_id, expires_at, created_at, updated_at, ip_address, user_agent) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bindNoCopy(1, session.id);
    insert->bindNoCopy(2, session.token_key);
    insert->bindNoCopy(3, session.user_id);
    insert->bind(4, session.expires_at);
    insert->bind(5, session.created_at);
    insert->bind(6, session.updated_at);
    insert->bindNoCopy(7, session.ip_address);
    insert->bindNoCopy(8, session.user_agent);
    insert->exec();
  });
}

std::optional<ActiveSession> SessionRepository::find(const std::string& token_key) const {
  return db_.impl().read("find session", [&](detail::Connection& c) {
    auto select = c.statement(
        "SELECT sessions.id, sessions.user_id, sessions.expires_at, sessions.created_at, sessions.updated_at, "
        "sessions.ip_address, sessions.user_agent, users.email, users.name, users.created_at "
        "FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_key = ?");
    select->bindNoCopy(1, token_key);
    std::optional<ActiveSession> out;
    if (!select->executeStep()) return out;
    out.emplace();
    SessionRecord& session = out->session;
    session.id = select->getColumn(0).getString();
    session.token_key = token_key;
    session.user_id = select->getColumn(1).getString();
    session.expires_at = select->getColumn(2).getInt64();
    session.created_at = select->getColumn(3).getInt64();
    session.updated_at = select->getColumn(4).getInt64();
    session.ip_address = select->getColumn(5).getString();
    session.user_agent = select->getColumn(6).getString();
    out->user = core::User{session.user_id, select->getColumn(7).getString(), select->getColumn(8).getString(),
                           select->getColumn(9).getInt64()};
    return out;
  });
}

bool SessionRepository::refresh(const std::string& token_key, std::int64_t expires_at, std::int64_t updated_at) {
  return db_.impl().write("refresh session", [&](detail::Connection& c) {
    auto update = c.statement("UPDATE sessions SET expires_at = ?, updated_at = ? WHERE token_key = ?");
    update->bind(1, expires_at);
    update->bind(2, updated_at);
    update->bindNoCopy(3, token_key);
    return update->exec() == 1;
  });
}

bool SessionRepository::remove(const std::string& token_key) {
  return db_.impl().write("delete session", [&](detail::Connection& c) {
    auto remove = c.statement("DELETE FROM sessions WHERE token_key = ?");
    remove->bindNoCopy(1, token_key);
    return remove->exec() == 1;
  });
}

int SessionRepository::purge_expired(std::int64_t now_ms) {
  return db_.impl().write("purge sessions", [&](detail::Connection& c) {
    auto purge = c.statement("DELETE FROM sessions WHERE expires_at < ?");
    purge->bind(1, now_ms);
    return purge->exec();
  });
}

}  // namespace taskbox::storage::sqlite
