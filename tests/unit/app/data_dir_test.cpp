// The data directory: the generated secret is never written through a planted link,
// database files are made owner-only, and its lock is exclusive.
#include "data_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "config.h"
#include "temp_dir.h"

namespace taskbox::app {
namespace {

using test_support::TempDir;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 0777;
}

TEST(LoadOrCreateSecret, GeneratesAnOwnerOnlySecretOnceAndKeepsIt) {
  TempDir dir;
  const std::string first = load_or_create_secret(dir.path());
  EXPECT_GE(first.size(), 32u);
  EXPECT_EQ(mode_of(dir.path() / "jwt-secret"), 0600u);
  EXPECT_EQ(load_or_create_secret(dir.path()), first);
}

// A symlink planted at the temporary name (which includes the pid) must not make the
// server write its secret into the link's target.
TEST(LoadOrCreateSecret, NeverWritesThroughALinkPlantedAtItsTemporaryName) {
  TempDir dir;
  TempDir elsewhere;
  const auto target = elsewhere.write("victim", "original content\n");
  const auto temp_name = dir.path() / (".jwt-secret." + std::to_string(::getpid()));
  std::filesystem::create_symlink(target, temp_name);

  const std::string secret = load_or_create_secret(dir.path());
  EXPECT_EQ(read_file(target), "original content\n");
  EXPECT_EQ(read_file(dir.path() / "jwt-secret"), secret + "\n");
  EXPECT_FALSE(std::filesystem::is_symlink(dir.path() / "jwt-secret"));
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(temp_name)));
}

TEST(RestrictDatabaseFiles, MakesTheDatabaseAndItsJournalsOwnerOnly) {
  TempDir dir;
  for (const char* name : {"taskbox.db", "taskbox.db-wal", "taskbox.db-shm", "unrelated.txt"}) {
    ::chmod(dir.write(name, "x").c_str(), 0644);
  }
  restrict_database_files(dir.path());
  EXPECT_EQ(mode_of(dir.path() / "taskbox.db"), 0600u);
  EXPECT_EQ(mode_of(dir.path() / "taskbox.db-wal"), 0600u);
  EXPECT_EQ(mode_of(dir.path() / "taskbox.db-shm"), 0600u);
  EXPECT_EQ(mode_of(dir.path() / "unrelated.txt"), 0644u);
  EXPECT_NO_THROW(restrict_database_files(dir.path() / "missing"));
}

TEST(DataDirLock, IsExclusiveWhileHeldAndFreeOnceReleased) {
  TempDir dir;
  std::optional<DataDirLock> first = DataDirLock::try_acquire(dir.path());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(mode_of(DataDirLock::file_in(dir.path())), 0600u);
  EXPECT_FALSE(DataDirLock::try_acquire(dir.path()).has_value());  // NOTE: flock conflicts within a process too
  DataDirLock moved = std::move(*first);
  first.reset();  // a moved-from lock releases nothing
  EXPECT_FALSE(DataDirLock::try_acquire(dir.path()).has_value());
  { const DataDirLock gone = std::move(moved); }
  EXPECT_TRUE(DataDirLock::try_acquire(dir.path()).has_value());
  EXPECT_TRUE(std::filesystem::exists(DataDirLock::file_in(dir.path())));  // the file stays
}

// `sudo taskbox restore` next to the systemd unit's data dir must leave a lock file the
// service's own user can open.
TEST(DataDirLock, TakenAsRootTheFileBelongsToTheDirectorysOwner) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  TempDir dir;
  ASSERT_EQ(::chown(dir.path().c_str(), 65534, 65534), 0);
  ASSERT_TRUE(DataDirLock::try_acquire(dir.path()).has_value());
  struct stat info {};
  ASSERT_EQ(::stat(DataDirLock::file_in(dir.path()).c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 65534u);
  EXPECT_EQ(info.st_gid, 65534u);
}

TEST(DataDirLock, IsNeverTakenThroughALinkAndFailsClearlyWithoutItsFile) {
  TempDir dir;
  const auto target = dir.write("elsewhere", "x");
  std::filesystem::create_symlink(target, DataDirLock::file_in(dir.path()));
  EXPECT_THROW(DataDirLock::try_acquire(dir.path()), ConfigError);
  EXPECT_THROW(DataDirLock::try_acquire(dir.path() / "missing"), ConfigError);
}

}  // namespace
}  // namespace taskbox::app
