#pragma once
#include "authenticator.h"
#include "router.h"
#include "taskbox/core/clock.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

struct TaskRouteDeps {
  storage::TaskRepository& tasks;
  const Authenticator& authenticator;
  core::Clock clock;
};

// /api/{user_id}/tasks[/{id}[/complete]]: every route authenticated, scoped to the caller.
void bind_task_routes(Router& router, const TaskRouteDeps& deps);

}  // namespace taskbox::app
