// The PostgreSQL TaskRepository, part 2, held to the SQLite one's expectations
// (tests/unit/storage/task_repository_list_test.cpp and task_list_paging_test.cpp): list
// filters, every sort and order, paging and totals, titles in byte order.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "postgres_fixture.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::storage::postgres {
namespace {

using Positions = std::vector<int>;  // 1-based positions in creation order

// Five tasks of one user, with ties on created_at, updated_at and title:
//   #1 "banana" created 1000            pending   updated 1000
//   #2 "apple"  created 2000            completed updated 5000
//   #3 "cherry" created 2000 (tie #2)   pending   updated 2000
//   #4 "apple"  created 3000 (title #2) pending   updated 3000
//   #5 "date"   created  500            completed updated 5000 (tie #2)
class TaskListTest : public test::PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (IsSkipped()) return;
    users().create(test::user_record("alice", "alice@example.com"));
    users().create(test::user_record("bob", "bob@example.com"));
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

TEST_F(TaskListTest, EverySortAndOrderBreaksTiesByIdInTheSameDirection) {
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

TEST_F(TaskListTest, StatusFiltersAndTheirTotals) {
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

TEST_F(TaskListTest, LimitAndOffsetPageWithoutChangingTheTotal) {
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

TEST_F(TaskListTest, RemovedTasksLeaveTheListAndTheTotal) {
  ASSERT_TRUE(tasks().remove("alice", ids_[2]));
  std::int64_t total = -1;
  EXPECT_EQ(list(query(core::TaskSort::created, core::SortOrder::asc), &total), (Positions{5, 1, 2, 4}));
  EXPECT_EQ(total, 4);
}

TEST_F(TaskListTest, UserWithoutTasksGetsAnEmptyPage) {
  users().create(test::user_record("carol", "carol@example.com"));
  const TaskPage page = tasks().list("carol", core::TaskListQuery{});
  EXPECT_TRUE(page.tasks.empty());
  EXPECT_EQ(page.total, 0);
}

// Titles sort by their bytes, as SQLite's BINARY collation does, whatever the
// database's locale: upper case before lower case, ASCII before any accented letter.
TEST_F(TaskListTest, TitlesSortByTheirBytes) {
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

std::vector<std::int64_t> ids_of(const std::vector<core::Task>& tasks) {
  std::vector<std::int64_t> out;
  for (const auto& task : tasks) out.push_back(task.id);
  return out;
}

// Long lists: every shape read a page at a time, and deep pages asked for directly, give
// exactly the whole list; totals from the counters follow every change.
class TaskListPagingTest : public test::PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (IsSkipped()) return;
    users().create(test::user_record("alice", "alice@example.com"));
    users().create(test::user_record("bob", "bob@example.com"));
    // NOTE: repeated times and titles, so ties are broken by id; some completed, some
    // updated later, and bob's tasks interleaved.
    for (int i = 0; i < 120; ++i) {
      const auto task = tasks().create("alice", "title " + std::to_string(i % 17), "", 1'000 + i / 3, 0);
      tasks().create("bob", "bob's", "", 1'000 + i, 0);
      if (i % 4 == 0) {
        core::TaskChanges changes;
        changes.completed = true;
        tasks().update("alice", task.id, changes, 5'000 + (i % 9));
      }
    }
  }

  static core::TaskListQuery shape(core::TaskStatusFilter status, core::TaskSort sort, core::SortOrder order,
                                   std::int64_t limit, std::int64_t offset) {
    core::TaskListQuery q;
    q.status = status;
    q.sort = sort;
    q.order = order;
    q.limit = limit;
    q.offset = offset;
    return q;
  }
  std::vector<std::int64_t> whole(const core::TaskListQuery& q) {
    return ids_of(tasks().list("alice", shape(q.status, q.sort, q.order, 1'000, 0)).tasks);
  }
};

TEST_F(TaskListPagingTest, PagingAndDeepPagesOfEveryShapeMatchTheWholeList) {
  using core::SortOrder;
  using core::TaskSort;
  using core::TaskStatusFilter;
  for (const auto status : {TaskStatusFilter::all, TaskStatusFilter::pending, TaskStatusFilter::completed}) {
    for (const auto sort : {TaskSort::created, TaskSort::updated, TaskSort::title}) {
      for (const auto order : {SortOrder::asc, SortOrder::desc}) {
        SCOPED_TRACE(testing::Message() << "status " << static_cast<int>(status) << ", sort "
                                        << static_cast<int>(sort) << ", order " << static_cast<int>(order));
        const auto all = whole(shape(status, sort, order, 0, 0));
        std::vector<std::int64_t> paged;
        for (std::int64_t offset = 0;; offset += 7) {
          const TaskPage page = tasks().list("alice", shape(status, sort, order, 7, offset));
          EXPECT_EQ(page.total, static_cast<std::int64_t>(all.size()));
          for (const auto& task : page.tasks) paged.push_back(task.id);
          if (page.tasks.size() < 7) break;
        }
        EXPECT_EQ(paged, all);
        for (const std::int64_t offset : {55, 89, 90, 200}) {
          const auto page = tasks().list("alice", shape(status, sort, order, 40, offset));
          const auto from = std::min<std::size_t>(all.size(), static_cast<std::size_t>(offset));
          const auto to = std::min<std::size_t>(all.size(), from + 40);
          EXPECT_EQ(ids_of(page.tasks), std::vector<std::int64_t>(all.begin() + static_cast<std::ptrdiff_t>(from),
                                                                   all.begin() + static_cast<std::ptrdiff_t>(to)))
              << "offset " << offset;
        }
      }
    }
  }
}

TEST_F(TaskListPagingTest, TotalsFollowEveryCreateCompletionAndDelete) {
  using core::TaskStatusFilter;
  const auto total = [&](TaskStatusFilter status) {
    return tasks().list("alice", shape(status, core::TaskSort::created, core::SortOrder::desc, 1, 0)).total;
  };
  EXPECT_EQ(total(TaskStatusFilter::all), 120);
  EXPECT_EQ(total(TaskStatusFilter::completed), 30);
  EXPECT_EQ(total(TaskStatusFilter::pending), 90);
  const auto task = tasks().create("alice", "one more", "", 2'000, 0);
  core::TaskChanges toggle;
  toggle.toggle_completed = true;
  tasks().update("alice", task.id, toggle, 2'001);
  EXPECT_EQ(total(TaskStatusFilter::completed), 31);
  tasks().update("alice", task.id, toggle, 2'002);
  EXPECT_EQ(total(TaskStatusFilter::completed), 30);
  tasks().update("alice", task.id, toggle, 2'003);
  ASSERT_TRUE(tasks().remove("alice", task.id));
  EXPECT_EQ(total(TaskStatusFilter::all), 120);
  EXPECT_EQ(total(TaskStatusFilter::completed), 30);
  EXPECT_EQ(total(TaskStatusFilter::pending), 90);
}

}  // namespace
}  // namespace taskbox::storage::postgres
