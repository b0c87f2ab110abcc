#pragma once
// The commands beside `serve`: backup, restore, the user administration and the
// migration to PostgreSQL. Each is a thin layer: arguments in, one storage call (or
// backup_restore.h), a line or a table out. They work next to a running server (SQLite
// WAL), restore excepted.

#include <string>
#include <vector>

#include "config.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

// Runs `invocation` (backup, restore, a users command or migrate), writing its result
// to stdout and reading a new password from stdin. Returns the exit code, 0; throws
// CommandFailed, ConfigError or core::Error when the command fails (exit 1).
int run_admin_command(const Invocation& invocation);

// `taskbox users list`: a header and one row per user (email, name, tasks, created,
// id), columns aligned. Control characters in names and emails are shown as '?', so a
// name cannot send escape sequences to the administrator's terminal.
std::string users_table(const std::vector<storage::UserSummary>& users);

// `taskbox users list --json`: an array of the contract's user objects, each with
// `task_count` added.
std::string users_json(const std::vector<storage::UserSummary>& users);

}  // namespace taskbox::app
