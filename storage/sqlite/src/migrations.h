#pragma once
// Internal: schema migrations keyed on PRAGMA user_version.

namespace SQLite {
class Database;
}

namespace taskbox::storage::sqlite::detail {

// Applies every migration newer than the file's user_version, each in its own
// transaction together with the version bump. Throws core::Error when the file is newer
// than this build.
void migrate(SQLite::Database& db);

int latest_schema_version();

}  // namespace taskbox::storage::sqlite::detail
