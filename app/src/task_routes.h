#pragma once
#include <cstdint>

#include "authenticator.h"
#include "router.h"
#include "taskbox/core/clock.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

struct TaskRouteDeps {
  storage::TaskRepository& tasks;
  const Authenticator& authenticator;
  core::Clock clock;
  std::int64_t max_tasks_per_user = 0;  // 0: unlimited
};

// /api/{user_id}/tasks[/{id}[/complete]]: every route authenticated, scoped to the caller.
void bind_task_routes(Router& router, const TaskRouteDeps& deps);

}  // namespace taskbox::app
