#pragma once
// A taskbox store: the repositories over one database, and what the server asks of the
// database itself (health, size, schema). Two backends implement it: SQLite, one file in
// the data dir and the default; PostgreSQL, which several instances can share. The app
// depends on this header only; open_store() picks the backend.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "taskbox/storage/copy.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::storage {

class Store {
 public:
  virtual ~Store() = default;

  virtual UserRepository& users() = 0;
  virtual TaskRepository& tasks() = 0;
  virtual TokenRevocations& revocations() = 0;
  virtual LoginAttempts& login_attempts() = 0;
  virtual RegistrationAttempts& registrations() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual JwksRepository& jwks() = 0;

  // True when the database answers now (a read that reaches it, not a cache).
  virtual bool ping() noexcept = 0;
  // Bytes the database takes: SQLite's file and its write-ahead log, PostgreSQL's
  // pg_database_size(); nullopt when it cannot be read now (the server is away).
  virtual std::optional<std::uint64_t> disk_bytes() const noexcept = 0;
  // The schema version now in the database, and the latest this build knows.
  virtual int schema_version() = 0;
  virtual int latest_schema_version() const = 0;
  // "sqlite" or "postgres", for logs and errors.
  virtual const char* backend() const noexcept = 0;

  // For copy_store() (copy.h): one snapshot of everything this store holds, read in
  // batches, and a copy of another store's rows written into this one.
  virtual std::unique_ptr<StoreExport> begin_export() = 0;
  virtual std::unique_ptr<StoreImport> begin_import() = 0;
};

struct StoreOptions {
  // A postgres:// or postgresql:// URL: that PostgreSQL database. Empty: SQLite.
  std::string database_url;
  // The SQLite database file (used when database_url is empty).
  std::filesystem::path sqlite_file;
  // Connections kept open: SQLite readers, PostgreSQL's pool.
  unsigned connections = 4;
  // A commit is on disk (fsync'ed) before it returns.
  bool durable_commits = true;
};

// True for a URL open_store() hands to PostgreSQL (postgres:// or postgresql://).
bool is_postgres_url(const std::string& url);

// Opens (creating or migrating the schema as needed) the store `options` names. Throws
// core::Error with a log detail that says why when it cannot: a bad URL, a server that
// does not answer, a schema newer than this build, a build without PostgreSQL.
std::unique_ptr<Store> open_store(const StoreOptions& options);

}  // namespace taskbox::storage
