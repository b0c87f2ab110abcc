#pragma once
// `taskbox backup` and `taskbox restore`: the file choreography (temporary names, fsync,
// link and rename, the data-dir lock) around storage/maintenance.h, which speaks SQLite.

#include <filesystem>

#include "taskbox/storage/maintenance.h"

namespace taskbox::app {

// `<data_dir>/taskbox.db`; throws CommandFailed when there is no such file.
std::filesystem::path existing_database(const std::filesystem::path& data_dir);

// Writes a consistent copy of the database in `data_dir` to `file` while a server may
// keep serving it. `file` must not exist: the copy is written under a temporary name
// beside it, checked, fsync'ed, then linked to its name, which fails rather than replace
// anything; so `file` is complete or absent, never partial. Mode 0600. Throws
// CommandFailed or core::Error.
storage::DatabaseFileCheck backup_database_file(const std::filesystem::path& data_dir,
                                                const std::filesystem::path& file);

// Replaces the database in `data_dir` with the backup `file`, holding the data-dir lock
// (refused while a server holds it). A copy of `file` in the data dir is checked
// (storage::check_database_file) before anything is touched; then the old -wal, -shm and
// -journal are removed and the copy is renamed over taskbox.db, with fsyncs between, so
// a crash leaves the old database or the new one. Run as root, the new file gets the data
// dir's owner (the service's user). Throws CommandFailed (nothing changed) or core::Error.
storage::DatabaseFileCheck restore_database_file(const std::filesystem::path& data_dir,
                                                 const std::filesystem::path& file);

}  // namespace taskbox::app
