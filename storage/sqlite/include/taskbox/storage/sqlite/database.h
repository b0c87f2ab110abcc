#pragma once
// The SQLite database of one taskbox instance: `<data-dir>/taskbox.db`.
//
// Concurrency: cpp-httplib runs each connection on a worker thread. Reads take a
// connection from a small pool (WAL lets them run beside a writer); every write runs on
// the one writer connection. Writers queue in the process instead of spinning on
// SQLITE_BUSY, and readers never wait for them. Writes that queue up together share one
// transaction and one COMMIT (one fsync), each in its own savepoint, and each returns
// only after that COMMIT.

#include <cstdint>
#include <filesystem>
#include <memory>

namespace taskbox::storage::sqlite {

struct DatabaseOptions {
  std::filesystem::path path;
  // Reader connections in the pool; requests beyond that wait for a free one.
  unsigned read_connections = 4;
  // synchronous=FULL: a commit is fsync'ed before it returns, so an acknowledged write
  // survives a power cut, not only a killed process.
  bool durable_commits = true;
};

// Counters of the writer since the database was opened.
struct WriteStats {
  std::uint64_t operations = 0;  // write operations run, whatever their outcome
  std::uint64_t commits = 0;     // transactions committed: one fsync each when durable
};

class Database {
 public:
  // Opens (creating if needed) and migrates the database. Throws core::Error
  // (internal_error, with the SQLite reason as log detail) when it cannot.
  explicit Database(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // True when the file can be read: the header page and the first rows of the users
  // and tasks tables, read from the file rather than a connection's page cache.
  bool ping() noexcept;

  // Bytes the database takes on disk: the file and its write-ahead log (absent: 0).
  std::uint64_t disk_bytes() const noexcept;

  // How many writes shared how many commits; cheap enough to read at any time.
  WriteStats write_stats() const noexcept;

  // The schema version now in the file (PRAGMA user_version).
  int schema_version();

  // Latest schema version this build knows.
  static int latest_schema_version();

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace taskbox::storage::sqlite
