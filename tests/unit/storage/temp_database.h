#pragma once
// Test support: a fresh temporary folder per test and a database inside it.

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include "taskbox/core/model.h"
#include "taskbox/storage/database.h"

namespace taskbox::storage::test {

// A new folder under the system temp dir (mkdtemp), removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "taskbox-storage-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

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

}  // namespace taskbox::storage::test
