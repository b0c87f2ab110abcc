#include "repositories.h"

namespace taskbox::storage::postgres {
namespace {

using detail::Connection;
using detail::Result;

// Every user query selects these first, in this order.
constexpr const char* kUserColumns = "users.id, users.email, users.name, users.created_at";

core::User read_user(const Result& rows, int row) {
  return core::User{rows.text(row, 0), rows.text(row, 1), rows.text(row, 2), rows.int64(row, 3)};
}

}  // namespace

void UserTable::create(const core::UserRecord& record) {
  pool_.run("create user", [&](Connection& c) {
    try {
      c.exec("INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
             {record.user.id, record.user.email, record.user.name, record.password_hash, record.user.created_at});
    } catch (const detail::Failure& failure) {
      // NOTE: the unique index on email decides races between two registrations, also
      // between instances; a duplicate id (the primary key) is not "email taken".
      if (failure.is("23505") && failure.constraint() == "users_email_key") {
        throw core::Error(core::ErrorCode::email_taken, "An account with this email already exists");
      }
      throw;
    }
  });
}

std::optional<core::UserRecord> UserTable::find_by_email(const std::string& email) const {
  return pool_.run("find user by email", [&](Connection& c) {
    static const std::string sql = std::string("SELECT ") + kUserColumns + ", password_hash FROM users WHERE email = $1";
    const Result rows = c.exec(sql, {email});
    std::optional<core::UserRecord> out;
    if (!rows.empty()) out = core::UserRecord{read_user(rows, 0), rows.text(0, 4)};
    return out;
  });
}

std::optional<core::User> UserTable::find_by_id(const std::string& id) const {
  return pool_.run("find user by id", [&](Connection& c) {
    static const std::string sql = std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1";
    const Result rows = c.exec(sql, {id});
    std::optional<core::User> out;
    if (!rows.empty()) out = read_user(rows, 0);
    return out;
  });
}

TokenOwner UserTable::find_token_owner(const std::string& user_id, const std::string& token_key) const {
  return pool_.run("find token owner", [&](Connection& c) {
    // NOTE: LEFT JOIN from a one-row table: the revocation answer comes even without a user.
    static const std::string sql = std::string("SELECT ") + kUserColumns +
                                   ", EXISTS (SELECT 1 FROM revoked_tokens WHERE token_key = $2), "
                                   "users.tokens_valid_after FROM (SELECT 1) AS one LEFT JOIN users ON users.id = $1";
    const Result rows = c.exec(sql, {user_id, token_key});
    TokenOwner owner;
    owner.revoked = rows.boolean(0, 4);
    if (!rows.is_null(0, 0)) {
      owner.user = read_user(rows, 0);
      owner.tokens_valid_after_s = rows.int64(0, 5);
    }
    return owner;
  });
}

void UserTable::update_password_hash(const std::string& id, const std::string& password_hash) {
  pool_.run("update password hash", [&](Connection& c) {
    c.exec("UPDATE users SET password_hash = $1 WHERE id = $2", {password_hash, id});
  });
}

std::vector<UserSummary> UserTable::list_all() const {
  return pool_.run("list users", [&](Connection& c) {
    static const std::string sql =
        std::string("SELECT ") + kUserColumns + ", task_count FROM users ORDER BY created_at, email";
    const Result rows = c.exec(sql);
    std::vector<UserSummary> out;
    out.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) out.push_back(UserSummary{read_user(rows, row), rows.int64(row, 4)});
    return out;
  });
}

std::optional<std::int64_t> UserTable::remove_by_email(const std::string& email) {
  return pool_.run("delete user", [&](Connection& c) -> std::optional<std::int64_t> {
    // NOTE: the tasks go by ON DELETE CASCADE in the same statement; task_count, kept by
    // the triggers under the row's lock, is how many they were.
    const Result rows = c.exec("DELETE FROM users WHERE email = $1 RETURNING task_count", {email});
    if (rows.empty()) return std::nullopt;
    return rows.int64(0, 0);
  });
}

bool UserTable::replace_password(const std::string& email, const std::string& password_hash,
                                      std::int64_t tokens_valid_after_s) {
  return pool_.run("replace password", [&](Connection& c) {
    // NOTE: one statement, so the new password and the end of the old sessions are one
    // transaction without a round trip more.
    const Result done = c.exec(
        "WITH changed AS (UPDATE users SET password_hash = $1, "
        "tokens_valid_after = greatest(tokens_valid_after, $2::bigint) WHERE email = $3 RETURNING id), "
        "ended AS (DELETE FROM sessions WHERE user_id IN (SELECT id FROM changed)) "
        "SELECT count(*) FROM changed",
        {password_hash, tokens_valid_after_s, email});
    return done.int64(0, 0) == 1;
  });
}

}  // namespace taskbox::storage::postgres
