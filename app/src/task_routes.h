#pragma once
#include <cstdint>

#include "authenticator.h"
#include "request_info.h"
#include "router.h"
#include "taskbox/core/clock.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

// What the task routes use; copied into every handler. The repository and the
// authenticator belong to the Server, which outlives its routes.
struct TaskRouteDeps {
  storage::TaskRepository& tasks;
  const Authenticator& authenticator;
  ClientTrust trust;
  core::Clock clock;
  std::int64_t max_tasks_per_user = 0;  // 0: unlimited
};

// /api/{user_id}/tasks[/{id}[/complete]]: one group behind the owner guard.
void bind_task_routes(Router& router, TaskRouteDeps deps);

}  // namespace taskbox::app
