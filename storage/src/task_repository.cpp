#include <array>

#include "connection.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::storage {
namespace {

constexpr const char* kTaskColumns =
    "id, user_id, title, description, completed, created_at, updated_at";

core::Task read_task(SQLite::Statement& row) {
  core::Task task;
  task.id = row.getColumn(0).getInt64();
  task.user_id = row.getColumn(1).getString();
  task.title = row.getColumn(2).getString();
  task.description = row.getColumn(3).getString();
  task.completed = row.getColumn(4).getInt() != 0;
  task.created_at = row.getColumn(5).getInt64();
  task.updated_at = row.getColumn(6).getInt64();
  return task;
}

// The WHERE clause shared by a list and its count.
std::string list_filter(core::TaskStatusFilter status) {
  switch (status) {
    case core::TaskStatusFilter::pending: return " WHERE user_id = ?1 AND completed = 0";
    case core::TaskStatusFilter::completed: return " WHERE user_id = ?1 AND completed = 1";
    case core::TaskStatusFilter::all: break;
  }
  return " WHERE user_id = ?1";
}

// ORDER BY for a list: the sort column, then id in the same direction to break ties.
std::string list_order(core::TaskSort sort, core::SortOrder order) {
  const char* column = "created_at";
  if (sort == core::TaskSort::updated) column = "updated_at";
  if (sort == core::TaskSort::title) column = "title";
  const char* direction = order == core::SortOrder::asc ? " ASC" : " DESC";
  return std::string(" ORDER BY ") + column + direction + ", id" + direction;
}

struct ListSql {
  std::string page;   // one page of tasks: ?1 user, ?2 limit, ?3 offset
  std::string total;  // their count before limit/offset: ?1 user
};

// The SQL of a list query, built once per (status, sort, order) rather than per request;
// indexed by the enumerators' values (0, 1, 2 as declared in model.h).
const ListSql& list_sql(const core::TaskListQuery& query) {
  static const auto table = [] {
    std::array<ListSql, 3 * 3 * 2> sql;
    for (int status = 0; status < 3; ++status) {
      for (int sort = 0; sort < 3; ++sort) {
        for (int order = 0; order < 2; ++order) {
          const std::string filter = list_filter(static_cast<core::TaskStatusFilter>(status));
          sql[static_cast<std::size_t>((status * 3 + sort) * 2 + order)] = {
              std::string("SELECT ") + kTaskColumns + " FROM tasks" + filter +
                  list_order(static_cast<core::TaskSort>(sort), static_cast<core::SortOrder>(order)) +
                  " LIMIT ?2 OFFSET ?3",
              "SELECT count(*) FROM tasks" + filter};
        }
      }
    }
    return sql;
  }();
  const auto index = (static_cast<int>(query.status) * 3 + static_cast<int>(query.sort)) * 2 + static_cast<int>(query.order);
  return table[static_cast<std::size_t>(index)];
}

}  // namespace

core::Task TaskRepository::create(const std::string& user_id, const std::string& title,
                                  const std::string& description, std::int64_t now_ms, std::int64_t max_tasks) {
  return db_.impl().write("create task", [&](detail::Connection& c) {
    // NOTE: the quota check and the insert are one statement in one write transaction,
    // so concurrent creates cannot overshoot it; users.task_count is kept by triggers.
    static const std::string sql = std::string(
        "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at) "
        "SELECT ?1, ?2, ?3, 0, ?4, ?4 "
        "WHERE ?5 <= 0 OR coalesce((SELECT task_count FROM users WHERE id = ?1), 0) < ?5 RETURNING ") + kTaskColumns;
    auto insert = c.statement(sql);
    insert->bindNoCopy(1, user_id);
    insert->bindNoCopy(2, title);
    insert->bindNoCopy(3, description);
    insert->bind(4, now_ms);
    insert->bind(5, max_tasks);
    if (!insert->executeStep()) {
      throw core::Error(core::ErrorCode::task_limit_reached,
                        "You have reached the limit of " + std::to_string(max_tasks) + " tasks; delete some first");
    }
    core::Task task = read_task(*insert);
    // NOTE: step to the end so the INSERT ... RETURNING statement completes before COMMIT.
    while (insert->executeStep()) {
    }
    return task;
  });
}

std::optional<core::Task> TaskRepository::find(const std::string& user_id, std::int64_t task_id) const {
  return db_.impl().read("find task", [&](detail::Connection& c) {
    static const std::string sql = std::string("SELECT ") + kTaskColumns + " FROM tasks WHERE id = ?1 AND user_id = ?2";
    auto select = c.statement(sql);
    select->bind(1, task_id);
    select->bindNoCopy(2, user_id);
    std::optional<core::Task> out;
    if (select->executeStep()) out = read_task(*select);
    return out;
  });
}

TaskPage TaskRepository::list(const std::string& user_id, const core::TaskListQuery& query) const {
  const ListSql& sql = list_sql(query);
  return db_.impl().read_snapshot("list tasks", [&](detail::Connection& c) {
    TaskPage page;
    {
      auto select = c.statement(sql.page);
      select->bindNoCopy(1, user_id);
      select->bind(2, query.limit);
      select->bind(3, query.offset);
      while (select->executeStep()) page.tasks.push_back(read_task(*select));
    }
    auto count = c.statement(sql.total);
    count->bindNoCopy(1, user_id);
    count->executeStep();
    page.total = count->getColumn(0).getInt64();
    return page;
  });
}

std::optional<core::Task> TaskRepository::update(const std::string& user_id, std::int64_t task_id,
                                                 const core::TaskChanges& changes,
                                                 std::int64_t now_ms) {
  return db_.impl().write("update task", [&](detail::Connection& c) {
    static const std::string sql = std::string(
        "UPDATE tasks SET "
        "title = coalesce(?1, title), "
        "description = coalesce(?2, description), "
        "completed = CASE WHEN ?3 THEN 1 - completed ELSE coalesce(?4, completed) END, "
        "updated_at = max(?5, updated_at + 1) "
        "WHERE id = ?6 AND user_id = ?7 RETURNING ") + kTaskColumns;
    auto update = c.statement(sql);
    if (changes.title) update->bindNoCopy(1, *changes.title);
    if (changes.description) update->bindNoCopy(2, *changes.description);
    update->bind(3, changes.toggle_completed ? 1 : 0);
    if (changes.completed) update->bind(4, *changes.completed ? 1 : 0);
    update->bind(5, now_ms);
    update->bind(6, task_id);
    update->bindNoCopy(7, user_id);
    std::optional<core::Task> out;
    if (update->executeStep()) {
      out = read_task(*update);
      // NOTE: step to the end so the UPDATE ... RETURNING statement completes before COMMIT.
      while (update->executeStep()) {
      }
    }
    return out;
  });
}

bool TaskRepository::remove(const std::string& user_id, std::int64_t task_id) {
  return db_.impl().write("delete task", [&](detail::Connection& c) {
    auto remove = c.statement("DELETE FROM tasks WHERE id = ?1 AND user_id = ?2");
    remove->bind(1, task_id);
    remove->bindNoCopy(2, user_id);
    return remove->exec() == 1;
  });
}

}  // namespace taskbox::storage
