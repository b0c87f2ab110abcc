#pragma once
// The data directory and the JWT secret kept in it.

#include <filesystem>
#include <optional>
#include <string>

namespace taskbox::app {

// `<dir>/taskbox.db`: the database the server and every command open.
inline std::filesystem::path database_file(const std::filesystem::path& dir) { return dir / "taskbox.db"; }

// Run as root (an administration command next to a service's data dir), gives `file`
// the owner of `dir`, so the service's own user can still open it; does nothing for any
// other user. Throws ConfigError when it cannot.
void give_to_data_dir_owner(const std::filesystem::path& file, const std::filesystem::path& dir);

// Creates `dir` (mode 0700) when missing and checks that files can be created in it.
// Throws ConfigError with the reason.
void prepare_data_dir(const std::filesystem::path& dir);

// Makes the database files in `dir` (taskbox.db and its -wal/-shm) owner-only, for a
// data dir created by an earlier version or under a looser umask; logs what it changed.
void restrict_database_files(const std::filesystem::path& dir);

// The secret in `<dir>/jwt-secret`, generated from the OS CSPRNG on first start and
// written atomically with mode 0600. Throws ConfigError when it cannot be had.
std::string load_or_create_secret(const std::filesystem::path& dir);

// An exclusive flock(2) on `<dir>/taskbox.lock`, held while the object lives. A server
// holds it for its whole life and `taskbox restore` while it swaps the database, so
// neither runs under the other. The kernel drops it when the process dies, kill -9
// included, so a crash never leaves a stale lock; the file itself stays (removing it
// would let two processes lock two different files of the same name).
class DataDirLock {
 public:
  // The lock, or nullopt when another process (or another open of the file in this
  // one) holds it. Throws ConfigError when the lock file cannot be opened. Taken as
  // root, the file gets the directory's owner (the service's user).
  static std::optional<DataDirLock> try_acquire(const std::filesystem::path& dir);
  static std::filesystem::path file_in(const std::filesystem::path& dir) { return dir / "taskbox.lock"; }

  DataDirLock(DataDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataDirLock& operator=(DataDirLock&& other) noexcept;
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace taskbox::app
