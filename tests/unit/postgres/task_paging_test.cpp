// PostgreSQL's list paging: the pages after the first start from where the page before
// ended (storage/paging/page_cursors.h), checked in the same statement against the
// user's task_version. That the pages are exactly what OFFSET gives is the store
// contract's (tests/unit/store/task_list_paging_test.cpp); this is that it happens.
#include <gtest/gtest.h>

#include <vector>

#include "long_task_list.h"
#include "postgres_fixture.h"
#include "repositories.h"

namespace taskbox::storage::postgres::test {
namespace {

using core::SortOrder;
using core::TaskSort;
using core::TaskStatusFilter;
using test_support::list_query;
using test_support::task_ids;

class PostgresPagingTest : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (IsSkipped()) return;
    test_support::seed_long_task_list(users(), tasks());
  }
  std::uint64_t pages_from_cursors() { return dynamic_cast<TaskTable&>(tasks()).pages_from_cursors(); }
  std::vector<std::int64_t> page(const core::TaskListQuery& q) { return task_ids(tasks().list("alice", q).tasks); }
};

TEST_F(PostgresPagingTest, EveryPageAfterTheFirstStartsFromTheRememberedPosition) {
  for (const auto sort : {TaskSort::created, TaskSort::updated, TaskSort::title}) {
    for (const auto order : {SortOrder::asc, SortOrder::desc}) {
      const auto whole = page(list_query(TaskStatusFilter::all, sort, order, 1'000, 0));
      const auto before = pages_from_cursors();
      std::vector<std::int64_t> paged;
      int pages = 0;
      for (std::int64_t offset = 0;; offset += 10, ++pages) {
        const auto ids = page(list_query(TaskStatusFilter::all, sort, order, 10, offset));
        paged.insert(paged.end(), ids.begin(), ids.end());
        if (ids.size() < 10) break;
      }
      EXPECT_EQ(paged, whole);
      EXPECT_EQ(pages_from_cursors() - before, static_cast<std::uint64_t>(pages)) << "every page but the first";
    }
  }
}

TEST_F(PostgresPagingTest, AChangeBetweenPagesIsSeenAndTheStalePositionIsNotUsed) {
  const auto first = list_query(TaskStatusFilter::all, TaskSort::created, SortOrder::desc, 10, 0);
  const auto second = list_query(TaskStatusFilter::all, TaskSort::created, SortOrder::desc, 10, 10);
  page(first);
  const auto before = pages_from_cursors();
  // A newer task moves every row one down, so the second page starts one row earlier.
  const auto shown_first = page(first);
  const auto added = tasks().create("alice", "newest", "", 999'999, 0);
  const auto after_change = page(second);
  EXPECT_EQ(after_change.front(), shown_first.back()) << "the second page is OFFSET's, not the old position's";
  EXPECT_EQ(pages_from_cursors(), before);
  // The page read by offset remembered a fresh position for the page after it.
  page(list_query(TaskStatusFilter::all, TaskSort::created, SortOrder::desc, 10, 20));
  EXPECT_EQ(pages_from_cursors(), before + 1);
  EXPECT_GT(added.id, 0);
}

}  // namespace
}  // namespace taskbox::storage::postgres::test
