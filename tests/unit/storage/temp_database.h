#pragma once
// Test support: a fresh temporary folder per test and a database inside it.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include "taskbox/core/model.h"
#include "taskbox/storage/sqlite/database.h"
#include "temp_dir.h"

namespace taskbox::storage::sqlite::test {

using test_support::TempDir;

inline DatabaseOptions options_for(const std::filesystem::path& file) {
  DatabaseOptions options;
  options.path = file;
  options.read_connections = 2;
  options.durable_commits = false;  // NOTE: fsync proves nothing here and slows every test
  return options;
}

// A migrated database in its own temporary folder.
struct TempDatabase {
  TempDir dir;
  Database db{options_for(dir.path() / "taskbox.db")};
};

inline core::UserRecord user_record(const std::string& id, const std::string& email) {
  return {core::User{id, email, "Name of " + id, 1'000}, "$argon2id$v=19$m=8,t=1,p=1$hash-of-" + id};
}

}  // namespace taskbox::storage::sqlite::test
