#include "connection.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::storage {
namespace {

constexpr const char* kUserColumns = "id, email, name, created_at, password_hash";

core::UserRecord read_user(SQLite::Statement& row) {
  core::UserRecord record;
  record.user.id = row.getColumn(0).getString();
  record.user.email = row.getColumn(1).getString();
  record.user.name = row.getColumn(2).getString();
  record.user.created_at = row.getColumn(3).getInt64();
  record.password_hash = row.getColumn(4).getString();
  return record;
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

std::optional<core::UserRecord> UserRepository::find_by_email(const std::string& email) {
  return db_.impl().read("find user by email", [&](detail::Connection& c) {
    auto select = c.statement(std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?");
    select->bindNoCopy(1, email);
    std::optional<core::UserRecord> out;
    if (select->executeStep()) out = read_user(*select);
    return out;
  });
}

std::optional<core::User> UserRepository::find_by_id(const std::string& id) {
  return db_.impl().read("find user by id", [&](detail::Connection& c) {
    auto select = c.statement("SELECT id, email, name, created_at FROM users WHERE id = ?");
    select->bindNoCopy(1, id);
    std::optional<core::User> out;
    if (select->executeStep()) {
      out = core::User{select->getColumn(0).getString(), select->getColumn(1).getString(),
                       select->getColumn(2).getString(), select->getColumn(3).getInt64()};
    }
    return out;
  });
}

TokenOwner UserRepository::find_token_owner(const std::string& user_id, const std::string& token_key) {
  return db_.impl().read("find token owner", [&](detail::Connection& c) {
    auto select = c.statement(
        "SELECT u.id, u.email, u.name, u.created_at, "
        "EXISTS (SELECT 1 FROM revoked_tokens WHERE token_key = ?2) "
        "FROM (SELECT 1) LEFT JOIN users u ON u.id = ?1");
    select->bindNoCopy(1, user_id);
    select->bindNoCopy(2, token_key);
    TokenOwner owner;
    if (select->executeStep()) {
      owner.revoked = select->getColumn(4).getInt() != 0;
      if (!select->getColumn(0).isNull()) {
        owner.user = core::User{select->getColumn(0).getString(), select->getColumn(1).getString(),
                                select->getColumn(2).getString(), select->getColumn(3).getInt64()};
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

}  // namespace taskbox::storage
