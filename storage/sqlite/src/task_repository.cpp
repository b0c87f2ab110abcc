#include "connection.h"
#include "task_rows.h"
#include "taskbox/storage/sqlite/repositories.h"

namespace taskbox::storage::sqlite {

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

}  // namespace taskbox::storage::sqlite
