// SQLite's long lists: totals come from counters the triggers keep (migration 4 fills them
// in), and a page that follows the one before it starts from where that one ended
// (storage/paging/page_cursors.h). That the pages are exactly what OFFSET gives is
// the store contract's (tests/unit/store/task_list_paging_test.cpp); here, that the
// remembered positions are used, and the migration.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "connection.h"
#include "taskbox/storage/sqlite/repositories.h"
#include "long_task_list.h"
#include "temp_database.h"

namespace taskbox::storage::sqlite {
namespace {

using core::SortOrder;
using core::TaskSort;
using core::TaskStatusFilter;

using test_support::list_query;
using test_support::task_ids;

class TaskListPagingTest : public testing::Test {
 protected:
  void SetUp() override {
    UserRepository users(temp_.db);
    test_support::seed_long_task_list(users, tasks_);
  }

  // The whole list in one page (the reference) and the same list read `limit` at a time.
  std::vector<std::int64_t> whole(const core::TaskListQuery& q) {
    return task_ids(tasks_.list("alice", list_query(q.status, q.sort, q.order, 1'000, 0)).tasks);
  }
  std::vector<std::int64_t> paged(const core::TaskListQuery& q, std::int64_t limit) {
    std::vector<std::int64_t> out;
    for (std::int64_t offset = 0;; offset += limit) {
      const TaskPage page = tasks_.list("alice", list_query(q.status, q.sort, q.order, limit, offset));
      EXPECT_EQ(page.total, static_cast<std::int64_t>(whole(q).size()));
      for (const auto& task : page.tasks) out.push_back(task.id);
      if (static_cast<std::int64_t>(page.tasks.size()) < limit) return out;
    }
  }

  paging::PageCursors& cursors() { return temp_.db.impl().page_cursors; }

  test::TempDatabase temp_;
  TaskRepository tasks_{temp_.db};
};

TEST_F(TaskListPagingTest, PagesAfterTheFirstStartFromTheRememberedPosition) {
  for (const auto status : {TaskStatusFilter::all, TaskStatusFilter::pending, TaskStatusFilter::completed}) {
    for (const auto sort : {TaskSort::created, TaskSort::updated, TaskSort::title}) {
      for (const auto order : {SortOrder::asc, SortOrder::desc}) {
        const auto q = list_query(status, sort, order, 0, 0);
        const auto uses_before = cursors().uses();
        EXPECT_EQ(paged(q, 7), whole(q)) << "status " << static_cast<int>(status) << ", sort "
                                         << static_cast<int>(sort) << ", order " << static_cast<int>(order);
        EXPECT_GT(cursors().uses(), uses_before) << "the pages after the first did not start from a cursor";
      }
    }
  }
}

// Another user's change leaves alice's remembered position good.
TEST_F(TaskListPagingTest, AnotherUsersChangeKeepsThePosition) {
  const auto newest_first = list_query(TaskStatusFilter::all, TaskSort::created, SortOrder::desc, 10, 0);
  const auto second_page = list_query(TaskStatusFilter::all, TaskSort::created, SortOrder::desc, 10, 10);
  tasks_.list("alice", newest_first);
  const auto uses_before = cursors().uses();
  tasks_.create("bob", "bob's new task", "", 9'999, 0);
  const auto all = whole(second_page);
  EXPECT_EQ(task_ids(tasks_.list("alice", second_page).tasks), std::vector<std::int64_t>(all.begin() + 10, all.begin() + 20));
  EXPECT_EQ(cursors().uses(), uses_before + 1);
}

// A database from before migration 4 gets its completed counts from its tasks.
TEST(TaskListMigration, CountersOfAnOlderDatabaseAreFilledIn) {
  test::TempDir dir;
  const auto file = dir.path() / "taskbox.db";
  {
    Database db(test::options_for(file));
    UserRepository(db).create(test::user_record("alice", "alice@example.com"));
    TaskRepository tasks(db);
    for (int i = 0; i < 10; ++i) {
      const auto task = tasks.create("alice", "task", "", 1'000 + i, 0);
      if (i < 4) {
        core::TaskChanges done;
        done.completed = true;
        tasks.update("alice", task.id, done, 2'000);
      }
    }
  }
  {
    // Back to schema version 3: its columns, triggers and indexes, as that version left them.
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
    raw.exec(R"sql(
      DROP TABLE jwks;
      DROP TABLE sessions;
      DROP TRIGGER tasks_counted_on_update;
      DROP TRIGGER tasks_counted_on_insert;
      DROP TRIGGER tasks_counted_on_delete;
      DROP INDEX tasks_by_user_title;
      ALTER TABLE users DROP COLUMN completed_count;
      ALTER TABLE users DROP COLUMN task_version;
      CREATE TRIGGER tasks_counted_on_insert AFTER INSERT ON tasks BEGIN
        UPDATE users SET task_count = task_count + 1 WHERE id = NEW.user_id;
      END;
      CREATE TRIGGER tasks_counted_on_delete AFTER DELETE ON tasks BEGIN
        UPDATE users SET task_count = task_count - 1 WHERE id = OLD.user_id;
      END;
      PRAGMA user_version = 3;
    )sql");
  }
  Database db(test::options_for(file));
  TaskRepository tasks(db);
  EXPECT_EQ(tasks.list("alice", list_query(TaskStatusFilter::completed, TaskSort::created, SortOrder::desc, 1, 0)).total, 4);
  EXPECT_EQ(tasks.list("alice", list_query(TaskStatusFilter::pending, TaskSort::created, SortOrder::desc, 1, 0)).total, 6);
  EXPECT_EQ(db.schema_version(), Database::latest_schema_version());
}

}  // namespace
}  // namespace taskbox::storage::sqlite
