// TaskRepository, part 3: long lists. A backend may keep totals in counters and start a
// page from where the page before it ended (SQLite does: storage/paging/page_cursors.h);
// whatever it does must give exactly what OFFSET and count(*) give.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "long_task_list.h"
#include "store_test.h"

namespace taskbox::storage {
namespace {

using core::SortOrder;
using core::TaskSort;
using core::TaskStatusFilter;

using test_support::list_query;
using test_support::task_ids;

class TaskListPagingTest : public test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    test_support::seed_long_task_list(store().users(), tasks());
  }

  // The whole list in one page (the reference) and the same list read `limit` at a time.
  std::vector<std::int64_t> whole(const core::TaskListQuery& q) {
    return task_ids(tasks().list("alice", list_query(q.status, q.sort, q.order, 1'000, 0)).tasks);
  }
  std::vector<std::int64_t> paged(const core::TaskListQuery& q, std::int64_t limit) {
    std::vector<std::int64_t> out;
    for (std::int64_t offset = 0;; offset += limit) {
      const TaskPage page = tasks().list("alice", list_query(q.status, q.sort, q.order, limit, offset));
      EXPECT_EQ(page.total, static_cast<std::int64_t>(whole(q).size()));
      for (const auto& task : page.tasks) out.push_back(task.id);
      if (static_cast<std::int64_t>(page.tasks.size()) < limit) return out;
    }
  }

};

TEST_P(TaskListPagingTest, PagingThroughEveryShapeGivesTheWholeListOnceInOrder) {
  for (const auto status : {TaskStatusFilter::all, TaskStatusFilter::pending, TaskStatusFilter::completed}) {
    for (const auto sort : {TaskSort::created, TaskSort::updated, TaskSort::title}) {
      for (const auto order : {SortOrder::asc, SortOrder::desc}) {
        const auto q = list_query(status, sort, order, 0, 0);
        EXPECT_EQ(paged(q, 7), whole(q)) << "status " << static_cast<int>(status) << ", sort "
                                         << static_cast<int>(sort) << ", order " << static_cast<int>(order);
      }
    }
  }
}

// A change between two pages moves the list; the next page must show the moved list,
// exactly as OFFSET would, not continue from the position before the change.
TEST_P(TaskListPagingTest, AChangeBetweenPagesIsNeverHiddenByAStalePosition) {
  const auto newest_first = list_query(TaskStatusFilter::all, TaskSort::created, SortOrder::desc, 10, 0);
  const auto second_page = list_query(TaskStatusFilter::all, TaskSort::created, SortOrder::desc, 10, 10);
  const auto pending = list_query(TaskStatusFilter::pending, TaskSort::created, SortOrder::desc, 10, 0);
  const auto pending_second = list_query(TaskStatusFilter::pending, TaskSort::created, SortOrder::desc, 10, 10);
  const auto reference = [&](const core::TaskListQuery& q) {
    const auto all = whole(q);
    return std::vector<std::int64_t>(all.begin() + q.offset, all.begin() + q.offset + q.limit);
  };

  tasks().list("alice", newest_first);
  tasks().create("alice", "inserted between the pages", "", 9'999, 0);
  EXPECT_EQ(task_ids(tasks().list("alice", second_page).tasks), reference(second_page)) << "after an insert";

  const auto first = tasks().list("alice", newest_first);
  ASSERT_TRUE(tasks().remove("alice", first.tasks.front().id));
  EXPECT_EQ(task_ids(tasks().list("alice", second_page).tasks), reference(second_page)) << "after a delete";

  const auto first_pending = tasks().list("alice", pending);
  core::TaskChanges done;
  done.completed = true;
  ASSERT_TRUE(tasks().update("alice", first_pending.tasks.front().id, done, 9'999).has_value());
  EXPECT_EQ(task_ids(tasks().list("alice", pending_second).tasks), reference(pending_second)) << "after a completion";

  // Another user's change leaves alice's position good.
  tasks().list("alice", newest_first);
  tasks().create("bob", "bob's new task", "", 9'999, 0);
  EXPECT_EQ(task_ids(tasks().list("alice", second_page).tasks), reference(second_page));
}

// A page far into a list, asked for without the page before it: OFFSET, with the skipped
// rows stepped over in the index when the list is unfiltered (from 256 of them on).
TEST_P(TaskListPagingTest, DeepPagesWithoutThePageBeforeThemMatchTheWholeList) {
  for (int i = 0; i < 300; ++i) tasks().create("alice", "deep " + std::to_string(i % 23), "", 3'000 + i / 5, 0);
  for (const auto status : {TaskStatusFilter::all, TaskStatusFilter::pending, TaskStatusFilter::completed}) {
    for (const auto sort : {TaskSort::created, TaskSort::updated, TaskSort::title}) {
      for (const auto order : {SortOrder::asc, SortOrder::desc}) {
        const auto all = whole(list_query(status, sort, order, 0, 0));
        for (const std::int64_t offset : {255, 256, 300}) {
          const auto page = tasks().list("alice", list_query(status, sort, order, 40, offset));
          const auto from = std::min<std::size_t>(all.size(), static_cast<std::size_t>(offset));
          const auto to = std::min<std::size_t>(all.size(), from + 40);
          EXPECT_EQ(task_ids(page.tasks), std::vector<std::int64_t>(all.begin() + static_cast<std::ptrdiff_t>(from),
                                                                all.begin() + static_cast<std::ptrdiff_t>(to)))
              << "status " << static_cast<int>(status) << ", sort " << static_cast<int>(sort) << ", order "
              << static_cast<int>(order) << ", offset " << offset;
          EXPECT_EQ(page.total, static_cast<std::int64_t>(all.size()));
        }
      }
    }
  }
}

TEST_P(TaskListPagingTest, TotalsFollowEveryCreateCompletionAndDelete) {
  const auto total = [&](TaskStatusFilter status) {
    return tasks().list("alice", list_query(status, TaskSort::created, SortOrder::desc, 1, 0)).total;
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

TASKBOX_ON_EVERY_BACKEND(TaskListPagingTest);

}  // namespace
}  // namespace taskbox::storage
