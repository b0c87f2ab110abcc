#include "connection.h"
#include "taskbox/storage/sqlite/repositories.h"

namespace taskbox::storage::sqlite {
namespace {

// Every user query selects these first, in this order.
constexpr const char* kUserColumns = "id, email, name, created_at";

core::User read_user(SQLite::Statement& row) {
  return core::User{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                    row.getColumn(3).getInt64()};
}

}  // namespace

void UserRepository::create(const core::UserRecord& record) {
  db_.impl().write("create user", [&](detail::Connection& c) {
    auto insert = c.statement(
        "INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)");
    insert->bindNoCopy(1, record.user.id);
    insert->bindNoCopy(2, record.user.email);
    insert->bindNoCopy(3, record.user.name);
    insert->bindNoCopy(4, record.password_hash);
    insert->bind(5, record.user.created_at);
    try {
      insert->exec();
    } catch (const SQLite::Exception& e) {
      // NOTE: the unique index on email decides races between two registrations.
      if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE) {
        throw core::Error(core::ErrorCode::email_taken, "An account with this email already exists");
      }
      throw;
    }
  });
}

std::optional<core::UserRecord> UserRepository::find_by_email(const std::string& email) const {
  return db_.impl().read("find user by email", [&](detail::Connection& c) {
    static const std::string sql = std::string("SELECT ") + kUserColumns + ", password_hash FROM users WHERE email = ?";
    auto select = c.statement(sql);
    select->bindNoCopy(1, email);
    std::optional<core::UserRecord> out;
    if (select->executeStep()) out = core::UserRecord{read_user(*select), select->getColumn(4).getString()};
    return out;
  });
}

std::optional<core::User> UserRepository::find_by_id(const std::string& id) const {
  return db_.impl().read("find user by id", [&](detail::Connection& c) {
    static const std::string sql = std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?";
    auto select = c.statement(sql);
    select->bindNoCopy(1, id);
    std::optional<core::User> out;
    if (select->executeStep()) out = read_user(*select);
    return out;
  });
}

TokenOwner UserRepository::find_token_owner(const std::string& user_id, const std::string& token_key) const {
  return db_.impl().read("find token owner", [&](detail::Connection& c) {
    // NOTE: LEFT JOIN from a one-row table: the revocation answer comes even without a user.
    static const std::string sql = std::string("SELECT ") + kUserColumns +
                                   ", EXISTS (SELECT 1 FROM revoked_tokens WHERE token_key = ?2), "
                                   "users.tokens_valid_after "
                                   "FROM (SELECT 1) LEFT JOIN users ON users.id = ?1";
    auto select = c.statement(sql);
    select->bindNoCopy(1, user_id);
    select->bindNoCopy(2, token_key);
    TokenOwner owner;
    if (select->executeStep()) {
      owner.revoked = select->getColumn(4).getInt() != 0;
      if (!select->getColumn(0).isNull()) {
        owner.user = read_user(*select);
        owner.tokens_valid_after_s = select->getColumn(5).getInt64();
      }
    }
    return owner;
  });
}

void UserRepository::update_password_hash(const std::string& id, const std::string& password_hash) {
  db_.impl().write("update password hash", [&](detail::Connection& c) {
    auto update = c.statement("UPDATE users SET password_hash = ? WHERE id = ?");
    update->bindNoCopy(1, password_hash);
    update->bindNoCopy(2, id);
    update->exec();
  });
}

std::vector<UserSummary> UserRepository::list_all() const {
  return db_.impl().read("list users", [&](detail::Connection& c) {
    static const std::string sql =
        std::string("SELECT ") + kUserColumns + ", task_count FROM users ORDER BY created_at, email";
    auto select = c.statement(sql);
    std::vector<UserSummary> out;
    while (select->executeStep()) out.push_back(UserSummary{read_user(*select), select->getColumn(4).getInt64()});
    return out;
  });
}

std::optional<std::int64_t> UserRepository::remove_by_email(const std::string& email) {
  return db_.impl().write("delete user", [&](detail::Connection& c) -> std::optional<std::int64_t> {
    auto find = c.statement("SELECT id FROM users WHERE email = ?");
    find->bindNoCopy(1, email);
    if (!find->executeStep()) return std::nullopt;
    const std::string id = find->getColumn(0).getString();
    // NOTE: explicit rather than ON DELETE CASCADE, which a connection without
    // foreign_keys=ON would skip and leave orphaned tasks behind.
    auto sessions = c.statement("DELETE FROM sessions WHERE user_id = ?");
    sessions->bindNoCopy(1, id);
    sessions->exec();
    auto tasks = c.statement("DELETE FROM tasks WHERE user_id = ?");
    tasks->bindNoCopy(1, id);
    const int removed_tasks = tasks->exec();
    auto user = c.statement("DELETE FROM users WHERE id = ?");
    user->bindNoCopy(1, id);
    user->exec();
    return removed_tasks;
  });
}

bool UserRepository::replace_password(const std::string& email, const std::string& password_hash,
                                      std::int64_t tokens_valid_after_s) {
  return db_.impl().write("replace password", [&](detail::Connection& c) {
    auto update = c.statement(
        "UPDATE users SET password_hash = ?1, tokens_valid_after = max(tokens_valid_after, ?2) WHERE email = ?3");
    update->bindNoCopy(1, password_hash);
    update->bind(2, tokens_valid_after_s);
    update->bindNoCopy(3, email);
    if (update->exec() != 1) return false;
    auto sessions = c.statement("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ?)");
    sessions->bindNoCopy(1, email);
    sessions->exec();
    return true;
  });
}

}  // namespace taskbox::storage::sqlite
