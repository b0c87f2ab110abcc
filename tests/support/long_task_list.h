#pragma once
// Test support for lists of many tasks, shared by the store contract's paging tests and
// SQLite's own (remembered page positions): the list they page through, and the
// queries they ask of it.

#include <cstdint>
#include <string>
#include <vector>

#include "taskbox/core/model.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::test_support {

inline std::vector<std::int64_t> task_ids(const std::vector<core::Task>& tasks) {
  std::vector<std::int64_t> out;
  for (const auto& task : tasks) out.push_back(task.id);
  return out;
}

inline core::TaskListQuery list_query(core::TaskStatusFilter status, core::TaskSort sort, core::SortOrder order,
                                      std::int64_t limit, std::int64_t offset) {
  core::TaskListQuery q;
  q.status = status;
  q.sort = sort;
  q.order = order;
  q.limit = limit;
  q.offset = offset;
  return q;
}

// Users "alice" and "bob", then 120 tasks each: alice's with repeated times and titles,
// so ties are broken by id, a quarter of them completed later; bob's interleaved, never
// in alice's lists.
inline void seed_long_task_list(storage::UserRepository& users, storage::TaskRepository& tasks) {
  for (const char* name : {"alice", "bob"}) {
    users.create({core::User{name, std::string(name) + "@example.com", name, 1'000}, "$argon2id$hash-of-" + std::string(name)});
  }
  for (int i = 0; i < 120; ++i) {
    const auto task = tasks.create("alice", "title " + std::to_string(i % 17), "", 1'000 + i / 3, 0);
    tasks.create("bob", "bob's", "", 1'000 + i, 0);
    if (i % 4 == 0) {
      core::TaskChanges changes;
      changes.completed = true;
      tasks.update("alice", task.id, changes, 5'000 + (i % 9));
    }
  }
}

}  // namespace taskbox::test_support
