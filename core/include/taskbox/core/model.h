#pragma once
// The domain: users and their tasks. Timestamps are Unix milliseconds.

#include <cstdint>
#include <optional>
#include <string>

namespace taskbox::core {

struct User {
  std::string id;     // UUID v4
  std::string email;  // trimmed, lower-cased
  std::string name;
  std::int64_t created_at = 0;
};

// A user as stored, with the Argon2id hash that never leaves storage and auth.
struct UserRecord {
  User user;
  std::string password_hash;
};

struct Task {
  std::int64_t id = 0;
  std::string user_id;
  std::string title;
  std::string description;
  bool completed = false;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A change to a task: omitted fields keep their values.
struct TaskChanges {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<bool> completed;
  bool toggle_completed = false;  // flip `completed` (the empty-body /complete request)
};

enum class TaskStatusFilter { all, pending, completed };
enum class TaskSort { created, updated, title };
enum class SortOrder { asc, desc };

struct TaskListQuery {
  TaskStatusFilter status = TaskStatusFilter::all;
  TaskSort sort = TaskSort::created;
  SortOrder order = SortOrder::desc;
  std::int64_t limit = 100;
  std::int64_t offset = 0;
};

}  // namespace taskbox::core
