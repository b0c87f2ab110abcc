#include "taskbox/storage/sqlite/database.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "taskbox/core/error.h"
#include "taskbox/storage/sqlite/repositories.h"
#include "temp_database.h"

namespace taskbox::storage::sqlite {
namespace {

using test::options_for;
using test::TempDir;

// Sets PRAGMA user_version of a new SQLite file directly, without taskbox.
void write_user_version(const std::filesystem::path& file, int version) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  const std::string sql = "PRAGMA user_version = " + std::to_string(version);
  EXPECT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
}

// Replaces every byte of `file` with garbage in place (same inode, same size), the way a
// failing disk or a stray writer would, under connections that have it open.
void overwrite_with_garbage(const std::filesystem::path& file) {
  const auto size = std::filesystem::file_size(file);
  std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(out.is_open()) << file;
  for (std::uintmax_t i = 0; i < size; ++i) out.put(static_cast<char>(0xA5 ^ (i * 31 % 251)));
  out.flush();
  ASSERT_TRUE(out.good()) << file;
}

// Moves every committed page from the WAL into the database file and empties the WAL,
// from a second connection, as `sqlite3 taskbox.db 'PRAGMA wal_checkpoint(TRUNCATE)'` would.
void checkpoint(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  // NOTE: a connection joins WAL mode on its first read; before that a checkpoint is a no-op.
  EXPECT_EQ(sqlite3_exec(raw, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_wal_checkpoint_v2(raw, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_close(raw);
  EXPECT_EQ(std::filesystem::file_size(file.string() + "-wal"), 0u) << "the WAL was not checkpointed";
}

// The core::Error opening `options` throws; fails the test when it opens.
core::Error open_error(const DatabaseOptions& options) {
  try {
    Database db(options);
  } catch (const core::Error& e) {
    return e;
  }
  ADD_FAILURE() << "the database opened";
  return core::Error(core::ErrorCode::bad_request, "opened");
}

TEST(Database, EmptyFileIsMigratedToTheLatestSchema) {
  const TempDir dir;
  const auto file = dir.path() / "taskbox.db";
  Database db(options_for(file));
  EXPECT_GE(Database::latest_schema_version(), 1);
  EXPECT_EQ(db.schema_version(), Database::latest_schema_version());
  EXPECT_TRUE(std::filesystem::exists(file));
  EXPECT_TRUE(db.ping());
}

TEST(Database, ReopeningIsIdempotentAndKeepsTheData) {
  const TempDir dir;
  const auto options = options_for(dir.path() / "taskbox.db");
  {
    Database db(options);
    UserRepository(db).create(test::user_record("u1", "a@b.co"));
  }
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE(round);
    Database db(options);
    EXPECT_EQ(db.schema_version(), Database::latest_schema_version());
    EXPECT_TRUE(UserRepository(db).find_by_id("u1").has_value());
  }
}

TEST(Database, DiskBytesCountTheFileAndItsWriteAheadLog) {
  const TempDir dir;
  const auto file = dir.path() / "taskbox.db";
  Database db(options_for(file));
  UserRepository(db).create(test::user_record("u1", "a@b.co"));
  const auto wal = std::filesystem::path(file.string() + "-wal");
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_EQ(db.disk_bytes(), std::filesystem::file_size(file) + std::filesystem::file_size(wal));
  EXPECT_GT(std::filesystem::file_size(wal), 0u);
}

TEST(Database, RefusesAFileFromANewerVersion) {
  const TempDir dir;
  const auto file = dir.path() / "taskbox.db";
  write_user_version(file, Database::latest_schema_version() + 1);
  const core::Error error = open_error(options_for(file));
  EXPECT_EQ(error.code(), core::ErrorCode::internal_error);
  EXPECT_EQ(error.detail(), "Internal server error");  // the reason is for the log only
  EXPECT_NE(error.log_detail().find("newer"), std::string::npos) << error.log_detail();
}

TEST(Database, UnopenablePathIsACoreError) {
  const TempDir dir;
  const core::Error error = open_error(options_for(dir.path() / "missing" / "folder" / "taskbox.db"));
  EXPECT_EQ(error.code(), core::ErrorCode::internal_error);
  EXPECT_FALSE(error.log_detail().empty());
}

TEST(Database, FileThatIsNotADatabaseIsACoreError) {
  const TempDir dir;
  const auto file = dir.path() / "taskbox.db";
  std::ofstream(file) << std::string(4096, 'x');
  EXPECT_EQ(open_error(options_for(file)).code(), core::ErrorCode::internal_error);
}

TEST(Database, PingFailsOnceTheFileIsGarbageEvenWithItsPagesCached) {
  const TempDir dir;
  const auto file = dir.path() / "taskbox.db";
  Database db(options_for(file));
  UserRepository(db).create(test::user_record("u1", "a@b.co"));
  TaskRepository(db).create("u1", "a task", "", 1'000, 0);
  ASSERT_TRUE(db.ping());  // the pages it reads are now in the reader's cache
  checkpoint(file);
  ASSERT_TRUE(db.ping());
  overwrite_with_garbage(file);
  EXPECT_FALSE(db.ping());
}

TEST(Database, PingFailsWhenTheWalTurnsToGarbage) {
  const TempDir dir;
  const auto file = dir.path() / "taskbox.db";
  Database db(options_for(file));
  UserRepository(db).create(test::user_record("u1", "a@b.co"));
  ASSERT_TRUE(db.ping());
  overwrite_with_garbage(dir.path() / "taskbox.db-wal");  // the user's pages live only there
  EXPECT_FALSE(db.ping());
}

TEST(Database, ZeroReadConnectionsStillReads) {
  const TempDir dir;
  auto options = options_for(dir.path() / "taskbox.db");
  options.read_connections = 0;
  options.durable_commits = true;
  Database db(options);
  EXPECT_TRUE(db.ping());
  EXPECT_EQ(db.schema_version(), Database::latest_schema_version());
}

TEST(Database, ConcurrentWritersAndReadersAllSucceed) {
  test::TempDatabase temp;
  UserRepository(temp.db).create(test::user_record("u1", "a@b.co"));
  TaskRepository tasks(temp.db);
  constexpr int kWriters = 4;
  constexpr int kTasksPerWriter = 25;
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  const auto guarded = [&](auto&& body) {
    try {
      body();
    } catch (const std::exception& e) {
      const std::lock_guard lock(failures_mutex);
      failures.emplace_back(e.what());
    }
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      guarded([&] {
        for (int i = 0; i < kTasksPerWriter; ++i) {
          tasks.create("u1", "task " + std::to_string(w) + "-" + std::to_string(i), "", 1'000 + i, 0);
        }
      });
    });
  }
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      guarded([&] {
        for (int i = 0; i < 50; ++i) tasks.list("u1", core::TaskListQuery{});
      });
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_TRUE(failures.empty()) << (failures.empty() ? "" : failures.front());

  core::TaskListQuery all;
  all.limit = 1000;
  const TaskPage page = tasks.list("u1", all);
  EXPECT_EQ(page.total, kWriters * kTasksPerWriter);
  std::set<std::int64_t> ids;
  for (const auto& task : page.tasks) ids.insert(task.id);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kWriters * kTasksPerWriter));
}

TEST(Database, TwoHandlesOnOneFileDoNotLeakBusyErrors) {
  const TempDir dir;
  const auto options = options_for(dir.path() / "taskbox.db");
  Database first(options);
  Database second(options);
  UserRepository(first).create(test::user_record("u1", "a@b.co"));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (Database* db : {&first, &second, &first, &second}) {
    threads.emplace_back([db, &failures] {
      TaskRepository tasks(*db);
      for (int i = 0; i < 20; ++i) {
        try {
          tasks.create("u1", "t", "", i, 0);
        } catch (const core::Error&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(TaskRepository(second).list("u1", core::TaskListQuery{}).total, 80);
}

}  // namespace
}  // namespace taskbox::storage::sqlite
