#pragma once
// Whole-file operations on a taskbox database, for `taskbox backup` and `taskbox restore`.
// The file choreography around them (temporary names, fsync, rename, the data-dir lock)
// is the caller's; these only speak SQLite.

#include <cstdint>
#include <filesystem>
#include <string>

namespace taskbox::storage {

// What a database file holds, and why it cannot be served when it cannot.
struct DatabaseFileCheck {
  std::string problem;  // empty: a taskbox database this build can serve
  int schema_version = 0;
  std::int64_t users = 0;
  std::int64_t tasks = 0;

  bool ok() const { return problem.empty(); }
};

// Checks that `file` is a taskbox database this build can serve: SQLite's
// integrity_check passes, its schema version is known (1 up to this build's latest) and
// it has the users and tasks tables. When it passes, the file is left self-contained:
// switched to the rollback journal, so it needs no -wal or -shm beside it. The check
// writes to `file`, so hand it a private copy. Never throws for what the file holds
// (garbage, another application's database, a newer schema): that is `problem`.
DatabaseFileCheck check_database_file(const std::filesystem::path& file);

// Copies the database at `source` into `destination`, an empty file that exists, as one
// consistent snapshot taken while other processes keep writing to `source` (SQLite's
// online backup in a single step: one read transaction, which WAL writers do not wait
// for), then checks the copy with check_database_file(). Never creates `source`, never
// migrates it. `destination` is not fsync'ed: the caller does that before publishing it.
// Throws core::Error (log detail: SQLite's reason) when the copy or its check fails.
DatabaseFileCheck backup_database(const std::filesystem::path& source, const std::filesystem::path& destination);

}  // namespace taskbox::storage
