// backup_database_file and restore_database_file without a server: who owns what they
// leave behind, and that a refused restore leaves no trace.
#include "backup_restore.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "config.h"
#include "taskbox/storage/store.h"
#include "temp_dir.h"

namespace taskbox::app {
namespace {

using test_support::TempDir;

// A data dir holding a database with one user, and a backup of it.
struct Fixture {
  Fixture() {
    {
      const auto store = storage::open_store(storage::StoreOptions{"", data.path() / "taskbox.db", 1, false});
      store->users().create(core::UserRecord{core::User{"u1", "ada@example.com", "Ada", 1'000}, "$argon2id$x"});
    }
    backup_database_file(data.path(), backup);
  }
  TempDir data;
  TempDir out;
  std::filesystem::path backup = out.path() / "backup.db";
};

std::set<std::string> names_in(const std::filesystem::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

TEST(RestoreDatabaseFile, RunAsRootLeavesEveryFileToTheDataDirsOwner) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  Fixture fixture;
  TempDir service_dir;  // as the systemd unit's state directory: owned by the service's user
  ASSERT_EQ(::chown(service_dir.path().c_str(), 65534, 65534), 0);
  const storage::DatabaseFileCheck restored = restore_database_file(service_dir.path(), fixture.backup);
  EXPECT_EQ(restored.users, 1);
  for (const char* name : {"taskbox.db", "taskbox.lock"}) {
    SCOPED_TRACE(name);
    struct stat info {};
    ASSERT_EQ(::stat((service_dir.path() / name).c_str(), &info), 0);
    EXPECT_EQ(info.st_uid, 65534u);
    EXPECT_EQ(info.st_gid, 65534u);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
  }
}

TEST(RestoreDatabaseFile, ARefusedFileLeavesTheDataDirAsItWas) {
  Fixture fixture;
  auto before = names_in(fixture.data.path());
  before.insert("taskbox.lock");  // taken like a server would; its file stays
  const auto text = fixture.out.write("notes.txt", std::string(5000, 'n'));
  EXPECT_THROW(restore_database_file(fixture.data.path(), text), CommandFailed);
  EXPECT_EQ(names_in(fixture.data.path()), before);
}

TEST(BackupDatabaseFile, LeavesOnlyTheFinishedFile) {
  Fixture fixture;
  EXPECT_EQ(names_in(fixture.out.path()), std::set<std::string>{"backup.db"});
  EXPECT_THROW(backup_database_file(fixture.data.path(), fixture.backup), CommandFailed);
  EXPECT_EQ(names_in(fixture.out.path()), std::set<std::string>{"backup.db"});
}

}  // namespace
}  // namespace taskbox::app
