#pragma once
// The PostgreSQL store: taskbox's data in a PostgreSQL database that several taskbox
// instances may share. Each repository call is one transaction on a pooled connection
// (StoreOptions::connections of them); limits that must hold across instances (the
// task quota, login and registration attempts) are enforced by row and advisory locks
// in the database, not in the process.

#include <memory>

#include "taskbox/storage/store.h"

namespace taskbox::storage::postgres {

class PostgresStore : public Store {
 public:
  // Checks `options.database_url`, connects once (so a server that does not answer fails
  // here, not at the first request) and migrates the schema. Throws core::Error whose log
  // detail says why (never with the URL's password): a malformed URL, a server that
  // cannot be reached or refuses the login, a schema newer than this build.
  explicit PostgresStore(const StoreOptions& options);
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  UserRepository& users() override;
  TaskRepository& tasks() override;
  TokenRevocations& revocations() override;
  LoginAttempts& login_attempts() override;
  RegistrationAttempts& registrations() override;
  SessionRepository& sessions() override;
  JwksRepository& jwks() override;

  // SELECT 1 on a pooled connection, waiting at most a second for one.
  bool ping() noexcept override;
  // nullopt: the database is the server's, not on this machine's disk.
  std::optional<std::uint64_t> disk_bytes() const noexcept override;
  int schema_version() override;
  int latest_schema_version() const override;
  const char* backend() const noexcept override;
  // The export reads on a connection of its own, in one REPEATABLE READ READ ONLY
  // transaction; the import writes on one of its own, holding an advisory lock that
  // keeps other imports into the database waiting until it ends.
  std::unique_ptr<StoreExport> begin_export() override;
  std::unique_ptr<StoreImport> begin_import() override;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace taskbox::storage::postgres
