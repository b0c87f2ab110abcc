// TaskRepository, part 2: list filters, every sort and order, paging and totals.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_test.h"

namespace taskbox::storage {
namespace {

using Positions = std::vector<int>;  // 1-based positions in creation order

// Five tasks of one user, with ties on created_at, updated_at and title:
//   #1 "banana" created 1000            pending   updated 1000
//   #2 "apple"  created 2000            completed updated 5000
//   #3 "cherry" created 2000 (tie #2)   pending   updated 2000
//   #4 "apple"  created 3000 (title #2) pending   updated 3000
//   #5 "date"   created  500            completed updated 5000 (tie #2)
class TaskListTest : public test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    add_alice_and_bob();
    const struct {
      const char* title;
      std::int64_t created_at;
    } rows[] = {{"banana", 1'000}, {"apple", 2'000}, {"cherry", 2'000}, {"apple", 3'000}, {"date", 500}};
    for (const auto& row : rows) {
      ids_.push_back(tasks().create("alice", row.title, "", row.created_at, 0).id);
      tasks().create("bob", row.title, "", row.created_at, 0);  // interleaved, never listed for alice
    }
    core::TaskChanges done;
    done.completed = true;
    tasks().update("alice", ids_[1], done, 5'000);
    tasks().update("alice", ids_[4], done, 5'000);
  }

  Positions list(const core::TaskListQuery& query, std::int64_t* total = nullptr) {
    const TaskPage page = tasks().list("alice", query);
    if (total != nullptr) *total = page.total;
    Positions positions;
    for (const auto& task : page.tasks) {
      EXPECT_EQ(task.user_id, "alice");
      int position = 0;
      for (std::size_t i = 0; i < ids_.size(); ++i) {
        if (ids_[i] == task.id) position = static_cast<int>(i) + 1;
      }
      positions.push_back(position);
    }
    return positions;
  }

  std::vector<std::int64_t> ids_;
};

core::TaskListQuery query(core::TaskSort sort, core::SortOrder order,
                          core::TaskStatusFilter status = core::TaskStatusFilter::all) {
  core::TaskListQuery q;
  q.sort = sort;
  q.order = order;
  q.status = status;
  return q;
}

TEST_P(TaskListTest, EverySortAndOrderBreaksTiesByIdInTheSameDirection) {
  using core::SortOrder;
  using core::TaskSort;
  const struct {
    const char* name;
    core::TaskListQuery query;
    Positions expected;
  } cases[] = {
      {"created desc", query(TaskSort::created, SortOrder::desc), {4, 3, 2, 1, 5}},
      {"created asc", query(TaskSort::created, SortOrder::asc), {5, 1, 2, 3, 4}},
      {"updated desc", query(TaskSort::updated, SortOrder::desc), {5, 2, 4, 3, 1}},
      {"updated asc", query(TaskSort::updated, SortOrder::asc), {1, 3, 4, 2, 5}},
      {"title asc", query(TaskSort::title, SortOrder::asc), {2, 4, 1, 3, 5}},
      {"title desc", query(TaskSort::title, SortOrder::desc), {5, 3, 1, 4, 2}},
      {"default query", core::TaskListQuery{}, {4, 3, 2, 1, 5}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::int64_t total = -1;
    EXPECT_EQ(list(c.query, &total), c.expected);
    EXPECT_EQ(total, 5);
  }
}

TEST_P(TaskListTest, StatusFiltersAndTheirTotals) {
  using core::SortOrder;
  using core::TaskSort;
  using core::TaskStatusFilter;
  const struct {
    const char* name;
    TaskStatusFilter status;
    Positions expected;
  } cases[] = {
      {"all", TaskStatusFilter::all, {5, 1, 2, 3, 4}},
      {"pending", TaskStatusFilter::pending, {1, 3, 4}},
      {"completed", TaskStatusFilter::completed, {5, 2}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::int64_t total = -1;
    EXPECT_EQ(list(query(TaskSort::created, SortOrder::asc, c.status), &total), c.expected);
    EXPECT_EQ(total, static_cast<std::int64_t>(c.expected.size()));
  }
}

TEST_P(TaskListTest, LimitAndOffsetPageWithoutChangingTheTotal) {
  const struct {
    const char* name;
    core::TaskStatusFilter status;
    std::int64_t limit;
    std::int64_t offset;
    Positions expected;
    std::int64_t total;
  } cases[] = {
      {"first page", core::TaskStatusFilter::all, 2, 0, {4, 3}, 5},
      {"second page", core::TaskStatusFilter::all, 2, 2, {2, 1}, 5},
      {"last partial page", core::TaskStatusFilter::all, 2, 4, {5}, 5},
      {"offset past the end", core::TaskStatusFilter::all, 2, 10, {}, 5},
      {"limit one", core::TaskStatusFilter::all, 1, 0, {4}, 5},
      {"limit larger than the list", core::TaskStatusFilter::all, 1'000, 0, {4, 3, 2, 1, 5}, 5},
      {"filtered and paged", core::TaskStatusFilter::pending, 1, 1, {3}, 3},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    core::TaskListQuery q;
    q.status = c.status;
    q.limit = c.limit;
    q.offset = c.offset;
    std::int64_t total = -1;
    EXPECT_EQ(list(q, &total), c.expected);
    EXPECT_EQ(total, c.total);
  }
}

TEST_P(TaskListTest, RemovedTasksLeaveTheListAndTheTotal) {
  ASSERT_TRUE(tasks().remove("alice", ids_[2]));
  std::int64_t total = -1;
  EXPECT_EQ(list(query(core::TaskSort::created, core::SortOrder::asc), &total), (Positions{5, 1, 2, 4}));
  EXPECT_EQ(total, 4);
}

TEST_P(TaskListTest, UserWithoutTasksGetsAnEmptyPage) {
  users().create(test::user_record("carol", "carol@example.com"));
  const TaskPage page = tasks().list("carol", core::TaskListQuery{});
  EXPECT_TRUE(page.tasks.empty());
  EXPECT_EQ(page.total, 0);
}

// Titles sort by their bytes, whatever the database's locale: upper case before lower
// case, ASCII before any accented letter (SQLite's BINARY collation; COLLATE "C" in
// PostgreSQL).
TEST_P(TaskListTest, TitlesSortByTheirBytes) {
  users().create(test::user_record("carol", "carol@example.com"));
  const char* titles[] = {"b", "\xC3\xA9t\xC3\xA9", "B", "a", "Z", "_", "10", "9"};
  for (const char* title : titles) tasks().create("carol", title, "", 1'000, 0);
  core::TaskListQuery by_title;
  by_title.sort = core::TaskSort::title;
  by_title.order = core::SortOrder::asc;
  std::vector<std::string> listed;
  for (const auto& task : tasks().list("carol", by_title).tasks) listed.push_back(task.title);
  EXPECT_EQ(listed, (std::vector<std::string>{"10", "9", "B", "Z", "_", "a", "b", "\xC3\xA9t\xC3\xA9"}));
}

TASKBOX_ON_EVERY_BACKEND(TaskListTest);

}  // namespace
}  // namespace taskbox::storage
