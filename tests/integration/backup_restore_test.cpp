// `taskbox backup` and `taskbox restore` against the real binary and a real server on
// the same data directory: a backup under concurrent writes, restore refused while a
// server runs, checked before it replaces anything, and clean of a dead server's WAL.
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "admin_test.h"
#include "database_file.h"

namespace taskbox::testing {
namespace {

using BackupRestoreTest = AdminTest;

// Runs `sql` on `file` with a plain SQLite connection, as another program would.
void run_sql(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST_F(BackupRestoreTest, ABackupUnderConcurrentWritesHoldsEveryTaskAcknowledgedBeforeIt) {
  const auto account = register_account(*client);
  std::mutex mutex;
  std::map<std::int64_t, std::string> acknowledged;
  std::vector<std::string> unexpected;
  std::atomic<bool> stop_writing{false};
  const auto acknowledged_count = [&] {
    const std::lock_guard lock(mutex);
    return acknowledged.size();
  };
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      HttpClient http(server->url());
      for (int i = 0; !stop_writing; ++i) {
        const std::string title = "writer " + std::to_string(w) + " task " + std::to_string(i);
        const auto response = http.post("/api/me/tasks", R"({"title":)" + json_string(title) + "}", bearer(account.token));
        const std::lock_guard lock(mutex);
        if (response.status != 201) {
          unexpected.push_back(std::to_string(response.status) + " " + response.body);
          return;
        }
        acknowledged.emplace(static_cast<std::int64_t>(response.json().get("id").get<double>()), title);
      }
    });
  }
  const auto wait_for_count = [&](std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (acknowledged_count() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return acknowledged_count() >= count;
  };
  const bool warmed_up = wait_for_count(200);
  const std::map<std::int64_t, std::string> before = [&] {
    const std::lock_guard lock(mutex);
    return acknowledged;
  }();
  const auto file = outside("backups") / "taskbox.db";
  std::filesystem::create_directories(file.parent_path());
  const auto backup = admin({"backup", file.string()});
  // The server kept serving writes: more come after the backup returned.
  const bool kept_serving = wait_for_count(acknowledged_count() + 20);
  stop_writing = true;
  for (auto& writer : writers) writer.join();

  ASSERT_TRUE(warmed_up && kept_serving) << "the writers stalled; the server's log:\n" << server->log();
  EXPECT_EQ(unexpected, std::vector<std::string>{});
  ASSERT_EQ(backup.exit_code, 0) << backup.stderr_text;
  EXPECT_EQ(backup.stdout_text.rfind("backed up 1 user and ", 0), 0u) << backup.stdout_text;
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_EQ(names_in(file.parent_path()), std::set<std::string>{"taskbox.db"});  // no temporary file left
  EXPECT_EQ(integrity_check(file), "ok");
  const auto copied = task_titles(file);
  for (const auto& [id, title] : before) {
    const auto it = copied.find(id);
    EXPECT_TRUE(it != copied.end() && it->second == title) << "task " << id << " '" << title << "' is not in the backup";
  }
  EXPECT_GE(copied.size(), before.size());
}

TEST_F(BackupRestoreTest, ABackupNeverOverwritesAndNeedsADatabase) {
  const auto existing = outside("existing.db");
  std::ofstream(existing) << "keep me";
  expect_failure(admin({"backup", existing.string()}), 1, "already exists");
  EXPECT_EQ(read_bytes(existing), "keep me");

  // Not even through a link to a file that does not exist yet.
  const auto link = outside("link.db");
  std::filesystem::create_symlink(outside("target.db"), link);
  expect_failure(admin({"backup", link.string()}), 1, "already exists");
  EXPECT_FALSE(std::filesystem::exists(outside("target.db")));

  expect_failure(admin({"backup", (outside("no-such-dir") / "b.db").string()}), 1, "cannot create a file in");

  const test_support::TempDir empty;
  const auto no_database = run_to_exit({"backup", outside("b.db").string()}, {{"TASKBOX_DATA_DIR", empty.path().string()}});
  expect_failure(no_database, 1, "no taskbox database in");
  EXPECT_FALSE(std::filesystem::exists(empty.path() / "taskbox.db"));
  EXPECT_FALSE(std::filesystem::exists(outside("b.db")));
}

TEST_F(BackupRestoreTest, RestoreIsRefusedWhileAServerUsesTheDataDir) {
  const auto account = register_account(*client);
  create_task(*client, account.token, "before the backup");
  const auto file = outside("backup.db");
  ASSERT_EQ(admin({"backup", file.string()}).exit_code, 0);
  create_task(*client, account.token, "after the backup");

  expect_failure(admin({"restore", file.string()}), 1, "a taskbox server is using data directory");
  // The server and its database are untouched.
  EXPECT_EQ(client->get("/healthz").status, 200);
  create_task(*client, account.token, "after the refused restore");
  EXPECT_EQ(listed_tasks(*client, account.token).size(), 3u);
}

TEST_F(BackupRestoreTest, RestoreAfterStopBringsBackExactlyTheBackedUpTasks) {
  const auto ada = register_account(*client);
  const auto kept = create_task(*client, ada.token, "kept");
  const auto deleted_later = create_task(*client, ada.token, "deleted after the backup");
  const auto file = outside("backup.db");
  ASSERT_EQ(admin({"backup", file.string()}).exit_code, 0);
  create_task(*client, ada.token, "created after the backup");
  ASSERT_EQ(client->request("DELETE", "/api/me/tasks/" + deleted_later.at("id").to_str(), "", bearer(ada.token)).status, 204);
  const auto bob = register_account(*client);
  stop();

  const auto restore = admin({"restore", file.string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.stderr_text;
  EXPECT_EQ(restore.stdout_text.rfind("restored 1 user and 2 tasks from ", 0), 0u) << restore.stdout_text;
  // One self-contained file took the name; nothing was left behind.
  EXPECT_EQ(names_in(data_dir()), (std::set<std::string>{"taskbox.db", "taskbox.lock"}));
  EXPECT_EQ(mode_of(data_dir() / "taskbox.db"), 0600u);

  start();
  const std::map<std::int64_t, std::string> expected = {
      {static_cast<std::int64_t>(kept.at("id").get<double>()), "kept"},
      {static_cast<std::int64_t>(deleted_later.at("id").get<double>()), "deleted after the backup"}};
  EXPECT_EQ(listed_tasks(*client, ada.token), expected);
  EXPECT_EQ(login_status(*client, bob.email, bob.password), 401);  // registered after the backup
  EXPECT_EQ(login_status(*client, ada.email, ada.password), 200);
}

// A server killed with -9 leaves its WAL behind, full of commits the backup does not
// have; replayed into the restored file it would mix two databases.
TEST_F(BackupRestoreTest, RestoreAfterKill9LeavesNothingOfTheDeadServersWal) {
  const auto ada = register_account(*client);
  const auto kept = create_task(*client, ada.token, "in the backup");
  const auto file = outside("backup.db");
  ASSERT_EQ(admin({"backup", file.string()}).exit_code, 0);
  for (int i = 0; i < 20; ++i) create_task(*client, ada.token, "only in the WAL " + std::to_string(i));
  ASSERT_EQ(server->signal_and_wait(SIGKILL), -SIGKILL);
  server.reset();
  ASSERT_GT(std::filesystem::file_size(data_dir() / "taskbox.db-wal"), 0u);

  const auto restore = admin({"restore", file.string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.stderr_text;
  EXPECT_EQ(names_in(data_dir()), (std::set<std::string>{"taskbox.db", "taskbox.lock"}));
  start();
  const std::map<std::int64_t, std::string> expected = {
      {static_cast<std::int64_t>(kept.at("id").get<double>()), "in the backup"}};
  EXPECT_EQ(listed_tasks(*client, ada.token), expected);
  stop();
  EXPECT_EQ(integrity_check(data_dir() / "taskbox.db"), "ok");
}

TEST_F(BackupRestoreTest, RestoreRefusesWhatIsNotATaskboxBackupAndChangesNothing) {
  const auto account = register_account(*client);
  create_task(*client, account.token, "the current database");
  const auto good = outside("good.db");
  ASSERT_EQ(admin({"backup", good.string()}).exit_code, 0);
  stop();
  const std::string database = read_bytes(data_dir() / "taskbox.db");
  const auto files = names_in(data_dir());

  const auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(outside(name), std::ios::binary) << bytes;
    return outside(name);
  };
  std::string garbage;
  for (int i = 0; i < 16384; ++i) garbage += static_cast<char>((i * 7919) % 251);
  const auto other_app = outside("other.db");
  run_sql(other_app, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');");
  const auto newer = outside("newer.db");
  std::filesystem::copy_file(good, newer);
  run_sql(newer, "PRAGMA user_version = 99");
  const auto with_wal = outside("live.db");
  std::filesystem::copy_file(good, with_wal);
  std::ofstream(outside("live.db-wal")) << "frames";
  std::filesystem::create_directory(outside("a-directory"));

  const struct {
    const char* name;
    std::filesystem::path file;
    const char* mentions;
  } cases[] = {
      {"garbage", write("garbage.db", garbage), "is not a taskbox database"},
      {"an empty file", write("empty.db", ""), "is not a taskbox database"},
      {"text", write("notes.txt", "taskbox backup\n"), "is not a taskbox database"},
      {"another application's database", other_app, "not one of taskbox's"},
      {"a newer taskbox's database", newer, "newer than this taskbox's"},
      {"a live database with its WAL", with_wal, "-wal file beside it"},
      {"a directory", outside("a-directory"), "is not a regular file"},
      {"a missing file", outside("missing.db"), "cannot read"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    expect_failure(admin({"restore", c.file.string()}), 1, c.mentions);
    EXPECT_EQ(read_bytes(data_dir() / "taskbox.db"), database);
    EXPECT_EQ(names_in(data_dir()), files);
  }
  start();
  EXPECT_EQ(listed_tasks(*client, account.token).size(), 1u);
}

}  // namespace
}  // namespace taskbox::testing
