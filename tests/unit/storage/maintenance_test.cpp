// backup_database and check_database_file: a consistent copy while a writer keeps
// writing, and the refusal of every file that is not a taskbox database.
#include "taskbox/storage/maintenance.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>

#include "taskbox/core/error.h"
#include "taskbox/storage/sqlite/repositories.h"
#include "temp_database.h"

namespace taskbox::storage::sqlite {
namespace {

using test::TempDir;

// Runs `sql` on `file` through a plain SQLite connection, as another program would.
void run_sql(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  sqlite3_close(raw);
}

std::filesystem::path empty_file(const TempDir& dir, const std::string& name) {
  const auto file = dir.path() / name;
  std::ofstream{file};
  return file;
}

// Byte 18 of the header: 1 for the rollback journal, 2 for WAL.
int file_format_write_version(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(18);
  return in.get();
}

TEST(BackupDatabase, CopiesEveryCommittedRowWhileAWriterKeepsWriting) {
  test::TempDatabase live;
  UserRepository(live.db).create(test::user_record("u1", "ada@example.com"));
  TaskRepository tasks(live.db);
  std::set<std::int64_t> committed_before;
  for (int i = 0; i < 200; ++i) committed_before.insert(tasks.create("u1", "before " + std::to_string(i), "", 1'000, 0).id);

  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop) {
      tasks.create("u1", "during", "", 2'000, 0);
    }
  });
  const TempDir out;
  const auto copy = empty_file(out, "copy.db");
  const DatabaseFileCheck check = backup_database(live.dir.path() / "taskbox.db", copy);
  stop = true;
  writer.join();

  ASSERT_TRUE(check.ok()) << check.problem;
  EXPECT_EQ(check.users, 1);
  EXPECT_GE(check.tasks, 200);
  EXPECT_EQ(check.schema_version, Database::latest_schema_version());
  EXPECT_EQ(file_format_write_version(copy), 1) << "the copy should need no -wal beside it";
  Database reopened(test::options_for(copy));
  TaskRepository copied(reopened);
  for (const auto id : committed_before) EXPECT_TRUE(copied.find("u1", id).has_value()) << id;
  // One snapshot: the count the check saw is what the copy holds, and the users'
  // task_count (kept by triggers) agrees with it.
  core::TaskListQuery all;
  all.limit = 1;
  EXPECT_EQ(copied.list("u1", all).total, check.tasks);
  EXPECT_EQ(UserRepository(reopened).list_all().at(0).task_count, check.tasks);
}

TEST(BackupDatabase, NeverCreatesAMissingSource) {
  const TempDir dir;
  const auto copy = empty_file(dir, "copy.db");
  EXPECT_THROW(backup_database(dir.path() / "missing.db", copy), core::Error);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "missing.db"));
}

TEST(CheckDatabaseFile, AcceptsATaskboxDatabaseAndCountsItsRows) {
  const TempDir dir;
  const auto file = dir.path() / "taskbox.db";
  {
    Database db(test::options_for(file));
    UserRepository(db).create(test::user_record("u1", "ada@example.com"));
    TaskRepository(db).create("u1", "one", "", 1'000, 0);
  }
  const DatabaseFileCheck check = check_database_file(file);
  EXPECT_TRUE(check.ok()) << check.problem;
  EXPECT_EQ(check.users, 1);
  EXPECT_EQ(check.tasks, 1);
  EXPECT_EQ(file_format_write_version(file), 1);
}

TEST(CheckDatabaseFile, RefusesWhatIsNotATaskboxDatabaseItCanServe) {
  const TempDir dir;
  struct Case {
    const char* name;
    std::function<std::filesystem::path()> make;
    std::string problem;
  };
  const Case cases[] = {
      {"garbage",
       [&] {
         const auto file = dir.path() / "garbage.db";
         std::ofstream(file, std::ios::binary) << std::string(8192, '\xA5');
         return file;
       },
       "cannot read it"},
      {"empty file", [&] { return empty_file(dir, "empty.db"); }, "not one of taskbox's"},
      {"another application's database",
       [&] {
         const auto file = dir.path() / "other.db";
         run_sql(file, "CREATE TABLE notes (body TEXT); PRAGMA user_version = 1;");
         return file;
       },
       "not one of taskbox's"},
      {"a newer taskbox's database",
       [&] {
         const auto file = dir.path() / "newer.db";
         { Database db(test::options_for(file)); }
         run_sql(file, "PRAGMA user_version = " + std::to_string(Database::latest_schema_version() + 1));
         return file;
       },
       "newer than this taskbox's"},
      {"a damaged taskbox database",
       [&] {
         const auto file = dir.path() / "damaged.db";
         {
           Database db(test::options_for(file));
           UserRepository(db).create(test::user_record("u1", "ada@example.com"));
           TaskRepository tasks(db);
           for (int i = 0; i < 300; ++i) tasks.create("u1", std::string(100, 't'), "", 1'000, 0);
         }
         run_sql(file, "PRAGMA journal_mode = DELETE");  // NOTE: every page in the file itself
         // A bad sector: a whole page past the schema's turns to garbage.
         std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
         out.seekp(5 * 4096);
         out << std::string(4096, '\x5A');
         return file;
       },
       ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const DatabaseFileCheck check = check_database_file(c.make());
    EXPECT_FALSE(check.ok());
    EXPECT_NE(check.problem.find(c.problem), std::string::npos) << check.problem;
  }
}

}  // namespace
}  // namespace taskbox::storage::sqlite
