#include <array>

#include "repositories.h"

namespace taskbox::storage::postgres {
namespace {

using detail::Connection;
using detail::Result;

// The columns of a task row, in the order read_task() reads them.
constexpr const char* kTaskColumns = "id, user_id, title, description, completed, created_at, updated_at";

// The task whose columns start at `first` in `row`.
core::Task read_task(const Result& rows, int row, int first = 0) {
  core::Task task;
  task.id = rows.int64(row, first);
  task.user_id = rows.text(row, first + 1);
  task.title = rows.text(row, first + 2);
  task.description = rows.text(row, first + 3);
  task.completed = rows.boolean(row, first + 4);
  task.created_at = rows.int64(row, first + 5);
  task.updated_at = rows.int64(row, first + 6);
  return task;
}

const char* list_filter(core::TaskStatusFilter status) {
  switch (status) {
    case core::TaskStatusFilter::pending: return " WHERE user_id = $1 AND NOT completed";
    case core::TaskStatusFilter::completed: return " WHERE user_id = $1 AND completed";
    case core::TaskStatusFilter::all: break;
  }
  return " WHERE user_id = $1";
}

const char* sort_column(core::TaskSort sort) {
  if (sort == core::TaskSort::updated) return "updated_at";
  if (sort == core::TaskSort::title) return "title";  // NOTE: COLLATE "C" in the schema: bytes, as in SQLite
  return "created_at";
}

// ORDER BY for a list: the sort column, then id in the same direction to break ties;
// `table` qualifies the columns ("" for none).
std::string list_order(core::TaskSort sort, core::SortOrder order, const std::string& table) {
  const char* direction = order == core::SortOrder::asc ? " ASC" : " DESC";
  return " ORDER BY " + table + sort_column(sort) + direction + ", " + table + "id" + direction;
}

// One page of tasks and the user's counters and task_version, in one statement and so
// one snapshot: a one-row table joined to the user's row (counters; absent: NULL) and to
// the page, which yields one row of NULL task columns when the page is empty.
std::string page_sql(const std::string& page_query, const std::string& page_condition, core::TaskSort sort,
                     core::SortOrder order) {
  return "SELECT users.task_count, users.completed_count, users.task_version, page.id, page.user_id, page.title, "
         "page.description, page.completed, page.created_at, page.updated_at "
         "FROM (SELECT 1) AS one LEFT JOIN users ON users.id = $1 LEFT JOIN (" +
         page_query + ") AS page ON " + page_condition + list_order(sort, order, "page.");
}

struct ListSql {
  // $1 user, $2 limit, $3 offset.
  // NOTE: OFFSET reads and skips the rows before the page, so a deep page costs more
  // than the first; after_cursor is how the next page of a client paging through avoids it.
  std::string by_offset;
  // $1 user, $2 limit, $3 the last row's sort value, $4 its id, $5 the task_version the
  // cursor was taken at: the rows after it, through the index, only while the user's
  // tasks are still at that version (else no row, and the caller pages by offset).
  std::string after_cursor;
};

ListSql list_sql_of(core::TaskStatusFilter status, core::TaskSort sort, core::SortOrder order) {
  const std::string rows = std::string("SELECT ") + kTaskColumns + " FROM tasks" + list_filter(status);
  const std::string after = std::string(" AND (") + sort_column(sort) + ", id) " +
                            (order == core::SortOrder::asc ? ">" : "<") + " ($3, $4)";
  return {page_sql(rows + list_order(sort, order, "") + " LIMIT $2 OFFSET $3", "true", sort, order),
          page_sql(rows + after + list_order(sort, order, "") + " LIMIT $2", "users.task_version = $5", sort, order)};
}

// The SQL of each list shape (status, sort, order), built once rather than per request.
const ListSql& list_sql(const core::TaskListQuery& query) {
  static const auto table = [] {
    std::array<ListSql, 3 * 3 * 2> sql;
    for (int status = 0; status < 3; ++status) {
      for (int sort = 0; sort < 3; ++sort) {
        for (int order = 0; order < 2; ++order) {
          sql[static_cast<std::size_t>((status * 3 + sort) * 2 + order)] =
              list_sql_of(static_cast<core::TaskStatusFilter>(status), static_cast<core::TaskSort>(sort),
                          static_cast<core::SortOrder>(order));
        }
      }
    }
    return sql;
  }();
  return table[static_cast<std::size_t>(paging::list_shape(query))];
}

std::int64_t total_of(std::int64_t all, std::int64_t completed, core::TaskStatusFilter status) {
  switch (status) {
    case core::TaskStatusFilter::pending: return all - completed;
    case core::TaskStatusFilter::completed: return completed;
    case core::TaskStatusFilter::all: break;
  }
  return all;
}

}  // namespace

core::Task TaskTable::create(const std::string& user_id, const std::string& title,
                                  const std::string& description, std::int64_t now_ms, std::int64_t max_tasks) {
  return pool_.run("create task", [&](Connection& c) {
    // NOTE: one statement: it locks the user's row (FOR UPDATE), so concurrent creates,
    // from any instance, take turns and each sees the task_count (kept by the insert
    // trigger) the one before it committed; the quota cannot be overshot.
    static const std::string sql = std::string(
        "WITH owner AS (SELECT task_count FROM users WHERE id = $1 FOR UPDATE) "
        "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at) "
        "SELECT $1, $2, $3, false, $4, $4 "
        "WHERE $5::bigint <= 0 OR coalesce((SELECT task_count FROM owner), 0) < $5::bigint RETURNING ") +
        kTaskColumns;
    const Result rows = c.exec(sql, {user_id, title, description, now_ms, max_tasks});
    if (rows.empty()) {
      throw core::Error(core::ErrorCode::task_limit_reached,
                        "You have reached the limit of " + std::to_string(max_tasks) + " tasks; delete some first");
    }
    return read_task(rows, 0);
  });
}

std::optional<core::Task> TaskTable::find(const std::string& user_id, std::int64_t task_id) const {
  return pool_.run("find task", [&](Connection& c) {
    static const std::string sql = std::string("SELECT ") + kTaskColumns + " FROM tasks WHERE id = $1 AND user_id = $2";
    const Result rows = c.exec(sql, {task_id, user_id});
    std::optional<core::Task> out;
    if (!rows.empty()) out = read_task(rows, 0);
    return out;
  });
}

TaskPage TaskTable::list(const std::string& user_id, const core::TaskListQuery& query) const {
  const ListSql& sql = list_sql(query);
  const int shape = paging::list_shape(query);
  std::optional<paging::PageCursor> cursor;
  if (query.offset > 0) cursor = cursors_.peek(user_id, shape, query.offset);
  return pool_.run("list tasks", [&](Connection& c) {
    std::optional<Result> rows;
    if (cursor) {
      rows = query.sort == core::TaskSort::title
                 ? c.exec(sql.after_cursor, {user_id, query.limit, cursor->title, cursor->id, cursor->task_version})
                 : c.exec(sql.after_cursor, {user_id, query.limit, cursor->time, cursor->id, cursor->task_version});
      if (rows->is_null(0, 2) || rows->int64(0, 2) != cursor->task_version) {  // the tasks changed since
        cursors_.forget(user_id, shape, query.offset);
        rows.reset();
      } else {
        cursors_.count_use();
      }
    }
    if (!rows) rows = c.exec(sql.by_offset, {user_id, query.limit, query.offset});
    TaskPage page;
    const std::int64_t all = rows->is_null(0, 0) ? 0 : rows->int64(0, 0);
    const std::int64_t completed = rows->is_null(0, 1) ? 0 : rows->int64(0, 1);
    page.total = total_of(all, completed, query.status);
    for (int row = 0; row < rows->rows(); ++row) {
      if (!rows->is_null(row, 3)) page.tasks.push_back(read_task(*rows, row, 3));
    }
    // NOTE: only a full page can have a next one.
    if (!page.tasks.empty() && static_cast<std::int64_t>(page.tasks.size()) == query.limit && !rows->is_null(0, 2)) {
      cursors_.remember(user_id, shape, query.offset + query.limit,
                        paging::cursor_after(page.tasks.back(), query.sort, rows->int64(0, 2)));
    }
    return page;
  });
}

std::optional<core::Task> TaskTable::update(const std::string& user_id, std::int64_t task_id,
                                                 const core::TaskChanges& changes, std::int64_t now_ms) {
  return pool_.run("update task", [&](Connection& c) {
    static const std::string sql = std::string(
        "UPDATE tasks SET "
        "title = coalesce($1, title), "
        "description = coalesce($2, description), "
        "completed = CASE WHEN $3::boolean THEN NOT completed ELSE coalesce($4::boolean, completed) END, "
        "updated_at = greatest($5::bigint, updated_at + 1) "
        "WHERE id = $6 AND user_id = $7 RETURNING ") + kTaskColumns;
    const detail::Param completed = changes.completed ? detail::Param(*changes.completed) : detail::Param(std::nullopt);
    const Result rows = c.exec(sql, {changes.title, changes.description, changes.toggle_completed, completed, now_ms,
                                     task_id, user_id});
    std::optional<core::Task> out;
    if (!rows.empty()) out = read_task(rows, 0);
    return out;
  });
}

bool TaskTable::remove(const std::string& user_id, std::int64_t task_id) {
  return pool_.run("delete task", [&](Connection& c) {
    return c.exec("DELETE FROM tasks WHERE id = $1 AND user_id = $2", {task_id, user_id}).affected() == 1;
  });
}

}  // namespace taskbox::storage::postgres
