#include "health_routes.h"

#include "problem.h"
#include "router.h"
#include "taskbox/core/error.h"

namespace taskbox::app {

void bind_health_routes(Router& router, storage::Store& store) {
  PublicRoutes probes(router);
  probes.add("GET", "/healthz", [&store](const httplib::Request&, httplib::Response& res, const PathParams&) {
    if (!store.ping()) throw core::Error(core::ErrorCode::unavailable, "The database does not answer");
    send_json(res, 200, R"({"status":"ok"})");
  });
}

}  // namespace taskbox::app
