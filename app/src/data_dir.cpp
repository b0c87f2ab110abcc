#include "data_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config.h"
#include "log.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/random.h"

namespace taskbox::app {
namespace {

constexpr const char* kSecretFile = "jwt-secret";

std::string os_error_text(int error) { return std::strerror(error); }

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

void give_to_data_dir_owner(const std::filesystem::path& file, const std::filesystem::path& dir) {
  struct stat owner {};
  if (::geteuid() != 0 || ::stat(dir.c_str(), &owner) != 0) return;
  if (::chown(file.c_str(), owner.st_uid, owner.st_gid) != 0) {
    throw ConfigError("cannot give " + file.string() + " the data directory's owner: " + os_error_text(errno));
  }
}

void prepare_data_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) throw ConfigError("cannot create data directory '" + dir.string() + "': " + ec.message());
    ::chmod(dir.c_str(), 0700);
  } else if (!std::filesystem::is_directory(dir, ec)) {
    throw ConfigError("data directory '" + dir.string() + "' is not a directory");
  }
  const std::filesystem::path probe = dir / (".write-probe-" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw ConfigError("data directory '" + dir.string() + "' is not writable: " + os_error_text(errno));
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

void restrict_database_files(const std::filesystem::path& dir) {
  const std::string database = database_file(dir).string();
  for (const std::string& path : {database, database + "-wal", database + "-shm"}) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || (info.st_mode & 077) == 0) continue;
    if (::chmod(path.c_str(), 0600) == 0) {
      log::warn("database file was readable by others; made it owner-only", {{"file", path}});
    }
  }
}

std::string load_or_create_secret(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / kSecretFile;
  if (::access(path.c_str(), F_OK) != 0) {
    // Write to a private temporary name, then link(2): the secret appears complete or
    // not at all, and a concurrent first start keeps whichever secret won. O_EXCL and
    // O_NOFOLLOW: a planted file or symlink at the temporary name is never written
    // through; it is removed (unlink removes the link, not its target) and tried again.
    const std::filesystem::path temp = dir / (std::string(".") + kSecretFile + "." + std::to_string(::getpid()));
    int fd = -1;
    for (int attempt = 0; attempt < 2 && fd < 0; ++attempt) {
      fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd < 0 && errno == EEXIST) ::unlink(temp.c_str());
    }
    if (fd < 0) throw ConfigError("cannot create " + path.string() + ": " + os_error_text(errno));
    const std::string secret = core::base64url_encode(core::random_bytes(48)) + "\n";
    const bool written = write_all(fd, secret) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
      ::unlink(temp.c_str());
      throw ConfigError("cannot write " + path.string() + ": " + os_error_text(errno));
    }
    if (::link(temp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
      const int error = errno;
      ::unlink(temp.c_str());
      throw ConfigError("cannot create " + path.string() + ": " + os_error_text(error));
    }
    ::unlink(temp.c_str());
    log::info("generated a new JWT secret", {{"file", path.string()}});
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
    ::chmod(path.c_str(), 0600);
    log::warn("secret file was readable by others; made it owner-only", {{"file", path.string()}});
  }
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot read " + path.string() + ": " + os_error_text(errno));
  std::string secret;
  std::getline(in, secret);
  if (secret.size() < 32) {
    throw ConfigError(path.string() + " holds fewer than 32 characters; delete it to generate a new secret");
  }
  return secret;
}

std::optional<DataDirLock> DataDirLock::try_acquire(const std::filesystem::path& dir) {
  const std::filesystem::path path = file_in(dir);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) throw ConfigError("cannot open " + path.string() + ": " + os_error_text(errno));
  // NOTE: a root-owned 0600 lock file would keep the service from starting.
  try {
    give_to_data_dir_owner(path, dir);
  } catch (const ConfigError&) {
    ::close(fd);
    throw;
  }
  int rc = 0;
  do {
    rc = ::flock(fd, LOCK_EX | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return std::nullopt;
    throw ConfigError("cannot lock " + path.string() + ": " + os_error_text(error));
  }
  return DataDirLock(fd);
}

DataDirLock& DataDirLock::operator=(DataDirLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);  // NOTE: closing the only descriptor releases the flock
}

}  // namespace taskbox::app
