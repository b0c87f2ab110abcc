#pragma once
#include "router.h"
#include "taskbox/storage/store.h"

namespace taskbox::app {

// GET /healthz: 200 {"status":"ok"} when the database answers, 503 otherwise.
void bind_health_routes(Router& router, storage::Store& store);

}  // namespace taskbox::app
