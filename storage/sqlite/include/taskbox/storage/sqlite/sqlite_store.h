#pragma once
// The SQLite store: one database file (the data dir's taskbox.db) and its repositories.

#include "taskbox/storage/sqlite/database.h"
#include "taskbox/storage/sqlite/repositories.h"
#include "taskbox/storage/store.h"

namespace taskbox::storage::sqlite {

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const DatabaseOptions& options)
      : db_(options), users_(db_), tasks_(db_), revocations_(db_), login_attempts_(db_), registrations_(db_),
        sessions_(db_), jwks_(db_) {}

  storage::UserRepository& users() override { return users_; }
  storage::TaskRepository& tasks() override { return tasks_; }
  storage::TokenRevocations& revocations() override { return revocations_; }
  storage::LoginAttempts& login_attempts() override { return login_attempts_; }
  storage::RegistrationAttempts& registrations() override { return registrations_; }
  storage::SessionRepository& sessions() override { return sessions_; }
  storage::JwksRepository& jwks() override { return jwks_; }

  bool ping() noexcept override { return db_.ping(); }
  std::optional<std::uint64_t> disk_bytes() const noexcept override { return db_.disk_bytes(); }
  int schema_version() override { return db_.schema_version(); }
  int latest_schema_version() const override { return Database::latest_schema_version(); }
  const char* backend() const noexcept override { return "sqlite"; }
  // The export reads on a connection of its own, in one read transaction: WAL lets the
  // server's writers go on meanwhile (and keeps the pages of the snapshot until it ends).
  std::unique_ptr<StoreExport> begin_export() override;
  std::unique_ptr<StoreImport> begin_import() override;

  Database& database() { return db_; }

 private:
  Database db_;
  UserRepository users_;
  TaskRepository tasks_;
  TokenRevocations revocations_;
  LoginAttempts login_attempts_;
  RegistrationAttempts registrations_;
  SessionRepository sessions_;
  JwksRepository jwks_;
};

}  // namespace taskbox::storage::sqlite
