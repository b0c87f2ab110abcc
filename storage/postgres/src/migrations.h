#pragma once
// Internal: the PostgreSQL schema and its migrations, versioned in table taskbox_schema
// (one row), independently of the SQLite schema's versions.

namespace taskbox::storage::postgres::detail {

class Connection;

// Applies every migration newer than the database's version, all in one transaction
// under an advisory lock, so instances starting together migrate once. Throws
// core::Error when the database is newer than this build, Failure when a statement fails.
void migrate(Connection& connection);

// The version in the database (0: none yet). Throws Failure.
int schema_version(Connection& connection);

int latest_schema_version();

}  // namespace taskbox::storage::postgres::detail
