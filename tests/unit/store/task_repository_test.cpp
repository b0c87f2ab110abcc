// TaskRepository, part 1: create, find, update, remove, isolation between users, and the
// quota (also under creates racing from two instances).
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "taskbox/core/error.h"
#include "store_test.h"

namespace taskbox::storage {
namespace {

class TaskRepositoryTest : public test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    add_alice_and_bob();
  }

  core::Task update(std::int64_t id, const core::TaskChanges& changes, std::int64_t now_ms) {
    const auto task = tasks().update("alice", id, changes, now_ms);
    EXPECT_TRUE(task.has_value());
    return task.value_or(core::Task{});
  }

};

core::TaskChanges completed(bool value) {
  core::TaskChanges changes;
  changes.completed = value;
  return changes;
}

core::TaskChanges toggle() {
  core::TaskChanges changes;
  changes.toggle_completed = true;
  return changes;
}

TEST_P(TaskRepositoryTest, CreateReturnsTheStoredTask) {
  const core::Task task = tasks().create("alice", "Buy milk", "2 litres", 1'000, 0);
  EXPECT_GT(task.id, 0);
  EXPECT_EQ(task.user_id, "alice");
  EXPECT_EQ(task.title, "Buy milk");
  EXPECT_EQ(task.description, "2 litres");
  EXPECT_FALSE(task.completed);
  EXPECT_EQ(task.created_at, 1'000);
  EXPECT_EQ(task.updated_at, 1'000);

  const auto found = tasks().find("alice", task.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->title, "Buy milk");
  EXPECT_EQ(found->description, "2 litres");
  EXPECT_EQ(found->created_at, 1'000);
}

TEST_P(TaskRepositoryTest, IdsIncreaseAndAreNeverReused) {
  const auto first = tasks().create("alice", "a", "", 1, 0);
  const auto second = tasks().create("bob", "b", "", 1, 0);
  EXPECT_GT(second.id, first.id);
  ASSERT_TRUE(tasks().remove("bob", second.id));
  EXPECT_GT(tasks().create("alice", "c", "", 1, 0).id, second.id);
}

TEST_P(TaskRepositoryTest, StoresUnicodeTextExactly) {
  const std::string title = "\xF0\x9F\x98\x80 caf\xC3\xA9 \xE2\x80\x94 'quotes' \"and\" \\";
  const auto task = tasks().create("alice", title, "line\nbreak\ttab $1 %s", 1, 0);
  EXPECT_EQ(tasks().find("alice", task.id)->title, title);
  EXPECT_EQ(tasks().find("alice", task.id)->description, "line\nbreak\ttab $1 %s");
}

TEST_P(TaskRepositoryTest, MissingTaskIsNotFound) {
  EXPECT_FALSE(tasks().find("alice", 12345).has_value());
  EXPECT_FALSE(tasks().remove("alice", 12345));
}

// No matching row is nullopt (a 404 upstream), never an SQLite error (a 500).
TEST_P(TaskRepositoryTest, UpdateOfAMissingTaskIsNulloptNotAnError) {
  std::optional<core::Task> result;
  EXPECT_NO_THROW(result = tasks().update("alice", 12345, completed(true), 1));
  EXPECT_FALSE(result.has_value());
}

TEST_P(TaskRepositoryTest, UpdateKeepsOmittedFields) {
  const auto task = tasks().create("alice", "title", "description", 1'000, 0);

  core::TaskChanges title;
  title.title = "new title";
  const core::Task after_title = update(task.id, title, 2'000);
  EXPECT_EQ(after_title.title, "new title");
  EXPECT_EQ(after_title.description, "description");
  EXPECT_FALSE(after_title.completed);

  core::TaskChanges description;
  description.description = "";
  const core::Task after_description = update(task.id, description, 3'000);
  EXPECT_EQ(after_description.title, "new title");
  EXPECT_EQ(after_description.description, "");

  const core::Task after_completed = update(task.id, completed(true), 4'000);
  EXPECT_TRUE(after_completed.completed);
  EXPECT_EQ(after_completed.title, "new title");
  EXPECT_EQ(after_completed.created_at, 1'000);
  EXPECT_EQ(after_completed.updated_at, 4'000);

  EXPECT_FALSE(update(task.id, completed(false), 5'000).completed);

  const auto stored = tasks().find("alice", task.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->updated_at, 5'000);
  EXPECT_FALSE(stored->completed);
}

TEST_P(TaskRepositoryTest, UpdateSetsEveryFieldAtOnce) {
  const auto task = tasks().create("alice", "t", "d", 1'000, 0);
  core::TaskChanges all;
  all.title = "T";
  all.description = "D";
  all.completed = true;
  const core::Task after = update(task.id, all, 2'000);
  EXPECT_EQ(after.title, "T");
  EXPECT_EQ(after.description, "D");
  EXPECT_TRUE(after.completed);
}

TEST_P(TaskRepositoryTest, ToggleFlipsCompleted) {
  const auto task = tasks().create("alice", "t", "", 1'000, 0);
  EXPECT_TRUE(update(task.id, toggle(), 2'000).completed);
  EXPECT_FALSE(update(task.id, toggle(), 3'000).completed);
  EXPECT_TRUE(update(task.id, toggle(), 4'000).completed);
}

TEST_P(TaskRepositoryTest, UpdatedAtAlwaysMovesForward) {
  const auto task = tasks().create("alice", "t", "", 5'000, 0);
  const struct {
    const char* name;
    std::int64_t now;
    std::int64_t expected;
  } steps[] = {
      {"clock equal to updated_at", 5'000, 5'001},
      {"clock behind updated_at", 1'000, 5'002},
      {"clock far behind", 0, 5'003},
      {"clock ahead", 9'000, 9'000},
      {"clock one ms ahead", 9'001, 9'001},
  };
  for (const auto& step : steps) {
    SCOPED_TRACE(step.name);
    const core::Task after = update(task.id, toggle(), step.now);
    EXPECT_EQ(after.updated_at, step.expected);
    EXPECT_EQ(after.created_at, 5'000);
  }
}

TEST_P(TaskRepositoryTest, RemoveDeletesOnce) {
  const auto task = tasks().create("alice", "t", "", 1, 0);
  EXPECT_TRUE(tasks().remove("alice", task.id));
  EXPECT_FALSE(tasks().find("alice", task.id).has_value());
  EXPECT_FALSE(tasks().remove("alice", task.id));
}

TEST_P(TaskRepositoryTest, AnotherUserCanNeverSeeOrTouchTheTask) {
  const auto task = tasks().create("alice", "private", "secret", 1'000, 0);

  EXPECT_FALSE(tasks().find("bob", task.id).has_value());
  EXPECT_FALSE(tasks().remove("bob", task.id));
  EXPECT_FALSE(tasks().find("", task.id).has_value());

  const TaskPage bobs = tasks().list("bob", core::TaskListQuery{});
  EXPECT_TRUE(bobs.tasks.empty());
  EXPECT_EQ(bobs.total, 0);

  const auto untouched = tasks().find("alice", task.id);
  ASSERT_TRUE(untouched.has_value());
  EXPECT_EQ(untouched->title, "private");
  EXPECT_FALSE(untouched->completed);
  EXPECT_EQ(untouched->updated_at, 1'000);
}

// Another user's task looks missing (nullopt) and stays unchanged.
TEST_P(TaskRepositoryTest, UpdateOfAnotherUsersTaskIsNulloptNotAnError) {
  const auto task = tasks().create("alice", "private", "secret", 1'000, 0);
  core::TaskChanges hijack;
  hijack.title = "hijacked";
  hijack.completed = true;
  std::optional<core::Task> result;
  EXPECT_NO_THROW(result = tasks().update("bob", task.id, hijack, 2'000));
  EXPECT_FALSE(result.has_value());
  EXPECT_NO_THROW(result = tasks().update("bob", task.id, toggle(), 2'000));
  EXPECT_FALSE(result.has_value());

  const auto untouched = tasks().find("alice", task.id);
  ASSERT_TRUE(untouched.has_value());
  EXPECT_EQ(untouched->title, "private");
  EXPECT_FALSE(untouched->completed);
  EXPECT_EQ(untouched->updated_at, 1'000);
}

TEST_P(TaskRepositoryTest, CreatePastTheQuotaIsRefusedAndDeletesMakeRoom) {
  const auto first = tasks().create("alice", "one", "", 1, 2);
  tasks().create("alice", "two", "", 2, 2);
  try {
    tasks().create("alice", "three", "", 3, 2);
    ADD_FAILURE() << "expected task_limit_reached";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::task_limit_reached);
  }
  EXPECT_EQ(tasks().list("alice", core::TaskListQuery{}).total, 2);
  // The quota is per user, and a delete frees a place.
  EXPECT_NO_THROW(tasks().create("bob", "bob's", "", 3, 2));
  EXPECT_TRUE(tasks().remove("alice", first.id));
  EXPECT_NO_THROW(tasks().create("alice", "three", "", 4, 2));
  // 0 means unlimited.
  EXPECT_NO_THROW(tasks().create("alice", "four", "", 5, 0));
}

// The quota holds when creates race, from several threads and two instances: each
// create sees the count the one before it committed.
TEST_P(TaskRepositoryTest, ConcurrentCreatesNeverOvershootTheQuota) {
  const auto other_instance = open_another();
  constexpr int kThreads = 8;
  constexpr int kCreatesPerThread = 10;
  constexpr std::int64_t kQuota = 25;
  std::atomic<int> created{0};
  std::atomic<int> refused{0};
  std::atomic<int> other_errors{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    TaskRepository& repository = t % 2 == 0 ? tasks() : other_instance->tasks();
    threads.emplace_back([&, t, &repository = repository] {
      while (!go) std::this_thread::yield();
      for (int i = 0; i < kCreatesPerThread; ++i) {
        try {
          repository.create("alice", "task " + std::to_string(t) + "-" + std::to_string(i), "", 1'000 + i, kQuota);
          ++created;
        } catch (const core::Error& e) {
          ++(e.code() == core::ErrorCode::task_limit_reached ? refused : other_errors);
        }
      }
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created.load(), kQuota);
  EXPECT_EQ(refused.load(), kThreads * kCreatesPerThread - kQuota);
  EXPECT_EQ(other_errors.load(), 0);
  core::TaskListQuery all;
  all.limit = 1'000;
  const TaskPage page = tasks().list("alice", all);
  EXPECT_EQ(page.total, kQuota);
  EXPECT_EQ(static_cast<std::int64_t>(page.tasks.size()), kQuota);
}

TASKBOX_ON_EVERY_BACKEND(TaskRepositoryTest);

}  // namespace
}  // namespace taskbox::storage
