#pragma once
// The data directory and the JWT secret kept in it.

#include <filesystem>
#include <string>

namespace taskbox::app {

// Creates `dir` (mode 0700) when missing and checks that files can be created in it.
// Throws ConfigError with the reason.
void prepare_data_dir(const std::filesystem::path& dir);

// Makes the database files in `dir` (taskbox.db and its -wal/-shm) owner-only, for a
// data dir created by an earlier version or under a looser umask; logs what it changed.
void restrict_database_files(const std::filesystem::path& dir);

// The secret in `<dir>/jwt-secret`, generated from the OS CSPRNG on first start and
// written atomically with mode 0600. Throws ConfigError when it cannot be had.
std::string load_or_create_secret(const std::filesystem::path& dir);

}  // namespace taskbox::app
