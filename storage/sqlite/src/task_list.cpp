// TaskRepository::list: one page of a user's tasks and their total, in one snapshot.
// The total comes from the user's counters (migration 4); the page by OFFSET, or from the
// position the page before it ended at (page_cursors.h), which costs the same on the
// last page of 100 000 tasks as on the first.
#include <array>

#include "connection.h"
#include "task_rows.h"
#include "taskbox/storage/sqlite/repositories.h"

namespace taskbox::storage::sqlite {
namespace {

std::string list_filter(core::TaskStatusFilter status) {
  switch (status) {
    case core::TaskStatusFilter::pending: return " WHERE user_id = ?1 AND completed = 0";
    case core::TaskStatusFilter::completed: return " WHERE user_id = ?1 AND completed = 1";
    case core::TaskStatusFilter::all: break;
  }
  return " WHERE user_id = ?1";
}

const char* sort_column(core::TaskSort sort) {
  if (sort == core::TaskSort::updated) return "updated_at";
  if (sort == core::TaskSort::title) return "title";
  return "created_at";
}

// ORDER BY for a list: the sort column, then id in the same direction to break ties.
std::string list_order(core::TaskSort sort, core::SortOrder order) {
  const char* direction = order == core::SortOrder::asc ? " ASC" : " DESC";
  return std::string(" ORDER BY ") + sort_column(sort) + direction + ", id" + direction;
}

// From how many skipped rows on a page is read through its ids first: below that, the
// plain query is cheaper (the id list and its sort cost ~20 us on a 20-task list). Only
// for unfiltered lists: the indexes do not hold `completed`, so a filtered inner query
// reads every skipped row anyway and the id list only adds to it.
constexpr std::int64_t kSkipInTheIndexFrom = 256;

bool skip_in_the_index(const core::TaskListQuery& query) {
  return query.offset >= kSkipInTheIndexFrom && query.status == core::TaskStatusFilter::all;
}

struct ListSql {
  // ?1 user, ?2 limit, ?3 offset.
  std::string by_offset;
  // The same page, with the skipped rows stepped over in the index alone (the inner
  // query reads ids only); the outer one reads the page's rows.
  std::string by_offset_in_index;
  // ?1 user, ?2 limit, ?3 the last row's sort value, ?4 its id: the rows after it.
  std::string after_cursor;
};

// The SQL of a list query, built once per shape (status, sort, order) rather than per
// request; indexed by paging::list_shape().
const ListSql& list_sql(const core::TaskListQuery& query) {
  static const auto table = [] {
    std::array<ListSql, 3 * 3 * 2> sql;
    for (int status = 0; status < 3; ++status) {
      for (int sort = 0; sort < 3; ++sort) {
        for (int order = 0; order < 2; ++order) {
          const auto sort_by = static_cast<core::TaskSort>(sort);
          const auto sort_order = static_cast<core::SortOrder>(order);
          const std::string filter = list_filter(static_cast<core::TaskStatusFilter>(status));
          const std::string ordering = list_order(sort_by, sort_order);
          const std::string after = std::string(" AND (") + sort_column(sort_by) + ", id) " +
                                    (sort_order == core::SortOrder::asc ? ">" : "<") + " (?3, ?4)";
          sql[static_cast<std::size_t>((status * 3 + sort) * 2 + order)] = {
              std::string("SELECT ") + kTaskColumns + " FROM tasks" + filter + ordering + " LIMIT ?2 OFFSET ?3",
              std::string("SELECT ") + kTaskColumns + " FROM tasks WHERE id IN (SELECT id FROM tasks" + filter +
                  ordering + " LIMIT ?2 OFFSET ?3)" + ordering,
              std::string("SELECT ") + kTaskColumns + " FROM tasks" + filter + after + ordering + " LIMIT ?2"};
        }
      }
    }
    return sql;
  }();
  return table[static_cast<std::size_t>(paging::list_shape(query))];
}

struct TaskCounts {
  std::int64_t all = 0;
  std::int64_t completed = 0;
  std::int64_t version = 0;
};

TaskCounts task_counts(detail::Connection& c, const std::string& user_id) {
  auto select = c.statement("SELECT task_count, completed_count, task_version FROM users WHERE id = ?1");
  select->bindNoCopy(1, user_id);
  TaskCounts counts;
  if (select->executeStep()) {
    counts.all = select->getColumn(0).getInt64();
    counts.completed = select->getColumn(1).getInt64();
    counts.version = select->getColumn(2).getInt64();
  }
  return counts;
}

std::int64_t total_of(const TaskCounts& counts, core::TaskStatusFilter status) {
  switch (status) {
    case core::TaskStatusFilter::pending: return counts.all - counts.completed;
    case core::TaskStatusFilter::completed: return counts.completed;
    case core::TaskStatusFilter::all: break;
  }
  return counts.all;
}

}  // namespace

TaskPage TaskRepository::list(const std::string& user_id, const core::TaskListQuery& query) const {
  const ListSql& sql = list_sql(query);
  const int shape = paging::list_shape(query);
  auto& cursors = db_.impl().page_cursors;
  return db_.impl().read_snapshot("list tasks", [&](detail::Connection& c) {
    TaskPage page;
    const TaskCounts counts = task_counts(c, user_id);
    page.total = total_of(counts, query.status);
    std::optional<paging::PageCursor> cursor;
    if (query.offset > 0) cursor = cursors.find(user_id, shape, query.offset, counts.version);
    {
      auto select = c.statement(cursor                                   ? sql.after_cursor
                                : skip_in_the_index(query) ? sql.by_offset_in_index
                                                           : sql.by_offset);
      select->bindNoCopy(1, user_id);
      select->bind(2, query.limit);
      if (!cursor) {
        select->bind(3, query.offset);
      } else if (query.sort == core::TaskSort::title) {
        select->bindNoCopy(3, cursor->title);
        select->bind(4, cursor->id);
      } else {
        select->bind(3, cursor->time);
        select->bind(4, cursor->id);
      }
      while (select->executeStep()) page.tasks.push_back(read_task(*select));
    }
    // NOTE: only a full page can have a next one.
    if (!page.tasks.empty() && static_cast<std::int64_t>(page.tasks.size()) == query.limit) {
      cursors.remember(user_id, shape, query.offset + query.limit,
                       paging::cursor_after(page.tasks.back(), query.sort, counts.version));
    }
    return page;
  });
}

}  // namespace taskbox::storage::sqlite
