// WriteBatcher: writes that queue together share one transaction and one COMMIT, and
// each still gets the outcome it would have had alone.
#include "write_batcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <latch>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "connection.h"
#include "taskbox/core/error.h"
#include "taskbox/storage/sqlite/repositories.h"
#include "temp_database.h"

namespace taskbox::storage::sqlite {
namespace {

using namespace std::chrono_literals;

// "ok", the code of the core::Error that `write` threw, or the message of anything else.
std::string outcome_of(const std::function<void()>& write) {
  try {
    write();
    return "ok";
  } catch (const core::Error& e) {
    return std::string(core::code_name(e.code()));
  } catch (const std::exception& e) {
    return e.what();
  }
}

// Waits (bounded) until `count` callers are queued on the writer, the running batch included.
bool wait_until_queued(Database& db, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (db.impl().batcher.queued() < count) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// Keeps the writer busy inside an operation of its own until destroyed, so the writes
// started meanwhile queue up behind it.
class HeldWriter {
 public:
  explicit HeldWriter(Database& db)
      : thread_([this, &db] {
          db.impl().write("hold the writer", [this](detail::Connection&) {
            std::unique_lock lock(mutex_);
            released_changed_.wait(lock, [this] { return released_; });
          });
        }) {}
  ~HeldWriter() {
    {
      const std::lock_guard lock(mutex_);
      released_ = true;
    }
    released_changed_.notify_all();
  }
  HeldWriter(const HeldWriter&) = delete;
  HeldWriter& operator=(const HeldWriter&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable released_changed_;
  bool released_ = false;
  std::jthread thread_;  // NOTE: last, so it starts after and is joined before the rest
};

// Runs `writes` as one batch, in this order: each on its own thread, queued behind a
// held writer, which then lets them all go at once.
void run_as_one_batch(Database& db, const std::vector<std::function<void()>>& writes) {
  std::vector<std::jthread> threads;  // NOTE: joined after `held` lets them run
  const HeldWriter held(db);
  ASSERT_TRUE(wait_until_queued(db, 1));
  for (const auto& write : writes) {
    threads.emplace_back(write);
    ASSERT_TRUE(wait_until_queued(db, threads.size() + 1));
  }
}

// A task row written directly, with no quota check: what a job writes before it fails.
void insert_task(detail::Connection& c, const std::string& user_id, const std::string& title) {
  auto insert = c.statement(
      "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at) VALUES (?, ?, '', 0, 1, 1)");
  insert->bindNoCopy(1, user_id);
  insert->bindNoCopy(2, title);
  insert->exec();
}

std::vector<std::string> titles_of(TaskRepository& tasks, const std::string& user_id) {
  core::TaskListQuery query;
  query.sort = core::TaskSort::title;
  query.order = core::SortOrder::asc;
  query.limit = 1000;
  std::vector<std::string> titles;
  for (const auto& task : tasks.list(user_id, query).tasks) titles.push_back(task.title);
  return titles;
}

class WriteBatcherTest : public testing::Test {
 protected:
  void SetUp() override { users_.create(test::user_record("alice", "alice@example.com")); }

  // Operations and commits since the test's own setup.
  WriteStats stats_since_setup() const {
    const WriteStats now = temp_.db.write_stats();
    return {now.operations - setup_.operations, now.commits - setup_.commits};
  }
  void mark_setup_done() { setup_ = temp_.db.write_stats(); }

  test::TempDatabase temp_;
  UserRepository users_{temp_.db};
  TaskRepository tasks_{temp_.db};
  WriteStats setup_;
};

TEST_F(WriteBatcherTest, QueuedWritesShareOneCommitAndEachGetsItsOwnTask) {
  mark_setup_done();
  constexpr std::size_t kWrites = 20;
  std::vector<core::Task> created(kWrites);
  std::vector<std::function<void()>> writes;
  for (std::size_t i = 0; i < kWrites; ++i) {
    writes.emplace_back([&, i] { created[i] = tasks_.create("alice", "task " + std::to_string(i), "", 1, 0); });
  }
  run_as_one_batch(temp_.db, writes);

  for (std::size_t i = 0; i < kWrites; ++i) {
    const auto found = tasks_.find("alice", created[i].id);
    ASSERT_TRUE(found.has_value()) << i;
    EXPECT_EQ(found->title, "task " + std::to_string(i));
  }
  EXPECT_EQ(tasks_.list("alice", core::TaskListQuery{}).total, kWrites);
  // The held writer's own transaction, then one for all twenty.
  EXPECT_EQ(stats_since_setup().operations, kWrites + 1u);
  EXPECT_EQ(stats_since_setup().commits, 2u);
}

TEST_F(WriteBatcherTest, AFailingOperationIsUndoneAloneAndTheRestOfItsBatchCommits) {
  users_.create(test::user_record("bob", "bob@example.com"));
  for (int i = 0; i < 48; ++i) tasks_.create("alice", "old " + std::to_string(i), "", 1, 0);
  mark_setup_done();

  constexpr std::int64_t kQuota = 50;
  std::vector<std::string> outcomes(8);
  auto record = [&](std::size_t i, std::function<void()> write) {
    return [&outcomes, i, write = std::move(write)] { outcomes[i] = outcome_of(write); };
  };
  run_as_one_batch(
      temp_.db,
      {record(0, [&] { users_.create(test::user_record("carol", "carol@example.com")); }),
       record(1, [&] { users_.create(test::user_record("carol-again", "carol@example.com")); }),
       // Writes a task, then fails: if its savepoint were not rolled back, the row would
       // stay and take one of the two places left under the quota.
       record(2,
              [&] {
                temp_.db.impl().write("write then fail", [](detail::Connection& c) {
                  insert_task(c, "alice", "undone");
                  throw std::runtime_error("failed after writing");
                });
              }),
       record(3, [&] { tasks_.create("alice", "new 1", "", 2, kQuota); }),
       record(4, [&] { tasks_.create("alice", "new 2", "", 2, kQuota); }),
       record(5, [&] { tasks_.create("alice", "new 3", "", 2, kQuota); }),
       record(6, [&] { tasks_.create("bob", "bob's", "", 2, kQuota); }),
       record(7, [&] { users_.update_password_hash("alice", "new hash"); })});

  EXPECT_EQ(outcomes, (std::vector<std::string>{"ok", "email_taken", "failed after writing", "ok", "ok",
                                                "task_limit_reached", "ok", "ok"}));
  EXPECT_EQ(stats_since_setup().commits, 2u);
  EXPECT_EQ(stats_since_setup().operations, 9u);

  EXPECT_EQ(users_.find_by_email("carol@example.com")->user.id, "carol");
  EXPECT_FALSE(users_.find_by_id("carol-again").has_value());
  const auto alice = titles_of(tasks_, "alice");
  EXPECT_EQ(alice.size(), 50u);
  EXPECT_EQ(std::count(alice.begin(), alice.end(), "undone"), 0);
  EXPECT_EQ(std::count(alice.begin(), alice.end(), "new 3"), 0);
  EXPECT_EQ(titles_of(tasks_, "bob"), std::vector<std::string>{"bob's"});
  EXPECT_EQ(users_.find_by_email("alice@example.com")->password_hash, "new hash");
}

TEST_F(WriteBatcherTest, AFailedCommitFailsEveryOperationOfItsBatchAndSavesNone) {
  mark_setup_done();
  std::vector<std::string> outcomes(3);
  run_as_one_batch(temp_.db,
                   {[&] { outcomes[0] = outcome_of([&] { tasks_.create("alice", "before", "", 1, 0); }); },
                    // A foreign key checked only at COMMIT: the whole batch's COMMIT fails.
                    [&] {
                      outcomes[1] = outcome_of([&] {
                        temp_.db.impl().write("orphan task", [](detail::Connection& c) {
                          c.exec("PRAGMA defer_foreign_keys=ON");
                          insert_task(c, "nobody", "orphan");
                        });
                      });
                    },
                    [&] { outcomes[2] = outcome_of([&] { tasks_.create("alice", "after", "", 1, 0); }); }});

  EXPECT_EQ(outcomes, (std::vector<std::string>(3, "internal_error")));
  EXPECT_EQ(stats_since_setup().commits, 1u);  // the held writer's
  EXPECT_EQ(titles_of(tasks_, "alice"), std::vector<std::string>{});
  EXPECT_EQ(titles_of(tasks_, "nobody"), std::vector<std::string>{});
  // The writer is usable again, with immediate foreign keys.
  EXPECT_NO_THROW(tasks_.create("alice", "later", "", 2, 0));
  EXPECT_THROW(temp_.db.impl().write("orphan task", [](detail::Connection& c) { insert_task(c, "nobody", "orphan"); }),
               core::Error);
}

TEST_F(WriteBatcherTest, WhenSQLiteRollsBackTheTransactionTheWritesBeforeFailAndTheWritesAfterCommit) {
  mark_setup_done();
  std::vector<std::string> outcomes(3);
  run_as_one_batch(temp_.db,
                   {[&] { outcomes[0] = outcome_of([&] { tasks_.create("alice", "before", "", 1, 0); }); },
                    // What SQLite does on some SQLITE_FULL or SQLITE_IOERR: it rolls back the
                    // whole transaction, savepoints and all.
                    [&] {
                      outcomes[1] = outcome_of([&] {
                        temp_.db.impl().write("fill the disk", [](detail::Connection& c) {
                          insert_task(c, "alice", "lost");
                          c.exec("ROLLBACK");
                          throw SQLite::Exception("database or disk is full", SQLITE_FULL);
                        });
                      });
                    },
                    [&] { outcomes[2] = outcome_of([&] { tasks_.create("alice", "after", "", 1, 0); }); }});

  EXPECT_EQ(outcomes, (std::vector<std::string>{"storage_full", "storage_full", "ok"}));
  EXPECT_EQ(titles_of(tasks_, "alice"), std::vector<std::string>{"after"});
  EXPECT_EQ(stats_since_setup().commits, 2u);  // the held writer's, then "after" on its own
}

TEST_F(WriteBatcherTest, ConcurrentCreatesAllSucceedAreReadableAndShareCommits) {
  test::TempDir dir;
  auto options = test::options_for(dir.path() / "taskbox.db");
  options.durable_commits = true;  // NOTE: an fsync per commit, as in production
  Database db(options);
  UserRepository(db).create(test::user_record("alice", "alice@example.com"));
  TaskRepository tasks(db);
  const WriteStats before = db.write_stats();

  constexpr std::size_t kThreads = 16;
  constexpr int kCreatesPerThread = 25;
  std::vector<std::vector<core::Task>> created(kThreads);
  std::vector<std::string> failures(kThreads);
  std::latch start(kThreads);
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        failures[t] = outcome_of([&] {
          for (int i = 0; i < kCreatesPerThread; ++i) {
            created[t].push_back(tasks.create("alice", std::to_string(t) + "/" + std::to_string(i), "", i, 0));
          }
        });
      });
    }
  }

  EXPECT_EQ(failures, std::vector<std::string>(kThreads, "ok"));
  for (std::size_t t = 0; t < kThreads; ++t) {
    for (const auto& task : created[t]) {
      const auto found = tasks.find("alice", task.id);
      ASSERT_TRUE(found.has_value()) << task.id;
      EXPECT_EQ(found->title, task.title);
    }
  }
  constexpr auto kCreates = kThreads * kCreatesPerThread;
  EXPECT_EQ(tasks.list("alice", core::TaskListQuery{}).total, static_cast<std::int64_t>(kCreates));
  const WriteStats after = db.write_stats();
  EXPECT_EQ(after.operations - before.operations, kCreates);
  EXPECT_LT(after.commits - before.commits, after.operations - before.operations);
}

TEST_F(WriteBatcherTest, TheQuotaIsNeverOvershotByConcurrentCreates) {
  constexpr std::int64_t kQuota = 50;
  constexpr int kThreads = 16;
  constexpr int kCreatesPerThread = 10;
  std::mutex outcomes_mutex;
  std::map<std::string, int> outcomes;
  std::latch start(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        start.arrive_and_wait();
        for (int i = 0; i < kCreatesPerThread; ++i) {
          const auto outcome = outcome_of([&] { tasks_.create("alice", "t", "", i, kQuota); });
          const std::lock_guard lock(outcomes_mutex);
          ++outcomes[outcome];
        }
      });
    }
  }
  EXPECT_EQ(outcomes, (std::map<std::string, int>{{"ok", 50}, {"task_limit_reached", 110}}));
  EXPECT_EQ(tasks_.list("alice", core::TaskListQuery{}).total, kQuota);
  EXPECT_EQ(users_.list_all().front().task_count, kQuota);
}

}  // namespace
}  // namespace taskbox::storage::sqlite
