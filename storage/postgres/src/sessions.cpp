// Server-side sessions of the Better Auth routes.
#include "repositories.h"

namespace taskbox::storage::postgres {

using detail::Connection;
using detail::Result;

void SessionTable::create(const SessionRecord& session) {
  pool_.run("create session", [&](Connection& c) {
    c.exec("INSERT INTO sessions (id, token_key, user_id, expires_at, created_at, updated_at, ip_address, user_agent) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
           {session.id, session.token_key, session.user_id, session.expires_at, session.created_at,
            session.updated_at, session.ip_address, session.user_agent});
  });
}

std::optional<ActiveSession> SessionTable::find(const std::string& token_key) const {
  return pool_.run("find session", [&](Connection& c) {
    const Result rows = c.exec(
        "SELECT sessions.id, sessions.user_id, sessions.expires_at, sessions.created_at, sessions.updated_at, "
        "sessions.ip_address, sessions.user_agent, users.email, users.name, users.created_at "
        "FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_key = $1",
        {token_key});
    std::optional<ActiveSession> out;
    if (rows.empty()) return out;
    out.emplace();
    SessionRecord& session = out->session;
    session.id = rows.text(0, 0);
    session.token_key = token_key;
    session.user_id = rows.text(0, 1);
    session.expires_at = rows.int64(0, 2);
    session.created_at = rows.int64(0, 3);
    session.updated_at = rows.int64(0, 4);
    session.ip_address = rows.text(0, 5);
    session.user_agent = rows.text(0, 6);
    out->user = core::User{session.user_id, rows.text(0, 7), rows.text(0, 8), rows.int64(0, 9)};
    return out;
  });
}

bool SessionTable::refresh(const std::string& token_key, std::int64_t expires_at, std::int64_t updated_at) {
  return pool_.run("refresh session", [&](Connection& c) {
    return c.exec("UPDATE sessions SET expires_at = $1, updated_at = $2 WHERE token_key = $3",
                  {expires_at, updated_at, token_key})
               .affected() == 1;
  });
}

bool SessionTable::remove(const std::string& token_key) {
  return pool_.run("delete session", [&](Connection& c) {
    return c.exec("DELETE FROM sessions WHERE token_key = $1", {token_key}).affected() == 1;
  });
}

int SessionTable::purge_expired(std::int64_t now_ms) {
  return pool_.run("purge sessions", [&](Connection& c) {
    return static_cast<int>(c.exec("DELETE FROM sessions WHERE expires_at < $1", {now_ms}).affected());
  });
}

}  // namespace taskbox::storage::postgres
