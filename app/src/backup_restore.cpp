#include "backup_restore.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "config.h"
#include "data_dir.h"

namespace taskbox::app {
namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::string backup_error_text(int error) { return std::strerror(error); }

std::filesystem::path directory_of(const std::filesystem::path& file) {
  return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

// A new file under a fresh name in `dir` (mkstemp: O_EXCL, mode 0600), removed with
// any journal SQLite left beside it unless published under another name first.
class TempFile {
 public:
  TempFile(const std::filesystem::path& dir, const std::string& prefix) {
    std::string pattern = (dir / (prefix + "XXXXXX")).string();
    fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd_ < 0) throw CommandFailed("cannot create a file in " + quoted(dir) + ": " + backup_error_text(errno));
    path_ = pattern;
  }
  ~TempFile() {
    close();
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((path_.string() + suffix).c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }
  // NOTE: closed before SQLite opens the file: closing any descriptor of a file drops
  // every POSIX lock the process holds on it, SQLite's included.
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

void sync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_RDONLY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  const int error = errno;
  if (fd >= 0) ::close(fd);
  if (!synced) throw CommandFailed("cannot flush " + quoted(path) + " to disk: " + backup_error_text(error));
}

void sync_file(const std::filesystem::path& file) { sync_path(file, 0); }
void sync_directory(const std::filesystem::path& dir) { sync_path(dir, O_DIRECTORY); }

// Gives `temp` the name `file` unless something (even a dangling symlink) has it.
void publish_without_overwriting(const std::filesystem::path& temp, const std::filesystem::path& file) {
  if (::link(temp.c_str(), file.c_str()) == 0) return;  // NOTE: the temporary name goes with TempFile
  int error = errno;
  // NOTE: filesystems without hard links (vfat, some network mounts) may still rename
  // without replacing.
  if (error == EPERM || error == EOPNOTSUPP) {
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, file.c_str(), RENAME_NOREPLACE) == 0) return;
    error = errno;
  }
  if (error == EEXIST) throw CommandFailed(quoted(file) + " already exists; taskbox backup never overwrites a file");
  throw CommandFailed("cannot create " + quoted(file) + ": " + backup_error_text(error));
}

void copy_contents(int from, int to, const std::filesystem::path& source) {
  char buffer[1 << 16];
  while (true) {
    const ssize_t got = ::read(from, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw CommandFailed("cannot read " + quoted(source) + ": " + backup_error_text(errno));
    if (got == 0) return;
    for (ssize_t done = 0; done < got;) {
      const ssize_t put = ::write(to, buffer + done, static_cast<std::size_t>(got - done));
      if (put < 0 && errno == EINTR) continue;
      if (put < 0) throw CommandFailed("cannot copy " + quoted(source) + " into the data directory: " + backup_error_text(errno));
      done += put;
    }
  }
}

void remove_if_present(const std::filesystem::path& file) {
  if (::unlink(file.c_str()) != 0 && errno != ENOENT) {
    throw CommandFailed("cannot remove " + quoted(file) + ": " + backup_error_text(errno));
  }
}

}  // namespace

std::filesystem::path existing_database(const std::filesystem::path& data_dir) {
  const std::filesystem::path file = database_file(data_dir);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw CommandFailed("no taskbox database in " + quoted(data_dir) + " (" + file.filename().string() +
                        " is missing; check --data-dir)");
  }
  return file;
}

storage::DatabaseFileCheck backup_database_file(const std::filesystem::path& data_dir,
                                                const std::filesystem::path& file) {
  const std::filesystem::path source = existing_database(data_dir);
  if (file.filename().empty()) throw CommandFailed(quoted(file) + " names a directory, not a file");
  struct stat existing {};
  if (::lstat(file.c_str(), &existing) == 0) {
    throw CommandFailed(quoted(file) + " already exists; taskbox backup never overwrites a file");
  }
  const std::filesystem::path dir = directory_of(file);
  TempFile temp(dir, "." + file.filename().string() + ".partial-");
  temp.close();
  const storage::DatabaseFileCheck check = storage::backup_database(source, temp.path());
  sync_file(temp.path());
  publish_without_overwriting(temp.path(), file);
  sync_directory(dir);
  return check;
}

storage::DatabaseFileCheck restore_database_file(const std::filesystem::path& data_dir,
                                                 const std::filesystem::path& file) {
  const int in = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw CommandFailed("cannot read " + quoted(file) + ": " + backup_error_text(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{in};
  struct stat info {};
  if (::fstat(in, &info) != 0 || !S_ISREG(info.st_mode)) throw CommandFailed(quoted(file) + " is not a regular file");
  struct stat wal {};
  if (::stat((file.string() + "-wal").c_str(), &wal) == 0 && wal.st_size > 0) {
    throw CommandFailed(quoted(file) + " has a -wal file beside it, so it is a live database, not a backup; " +
                        "copy it with taskbox backup and restore the copy");
  }

  prepare_data_dir(data_dir);
  const std::optional<DataDirLock> lock = DataDirLock::try_acquire(data_dir);
  if (!lock) {
    throw CommandFailed("a taskbox server is using data directory " + quoted(data_dir) +
                        "; stop it before restoring (nothing was changed)");
  }
  const std::filesystem::path target = database_file(data_dir);
  TempFile temp(data_dir, "." + target.filename().string() + ".restore-");
  copy_contents(in, temp.fd(), file);
  temp.close();
  const storage::DatabaseFileCheck check = storage::check_database_file(temp.path());
  if (!check.ok()) {
    throw CommandFailed(quoted(file) + " is not a taskbox database that this taskbox can restore: " + check.problem +
                        " (nothing was changed)");
  }
  give_to_data_dir_owner(temp.path(), data_dir);
  sync_file(temp.path());

  // NOTE: a WAL or hot journal of the old database would be replayed into the new one on
  // the next open; they go first, and are gone on disk before the new file takes the name.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) remove_if_present(target.string() + suffix);
  sync_directory(data_dir);
  if (::rename(temp.path().c_str(), target.c_str()) != 0) {
    throw CommandFailed("cannot replace " + quoted(target) + ": " + backup_error_text(errno));
  }
  sync_directory(data_dir);
  return check;
}

}  // namespace taskbox::app
