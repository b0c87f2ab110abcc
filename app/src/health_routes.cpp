#include "health_routes.h"

#include "problem.h"
#include "taskbox/core/error.h"

namespace taskbox::app {

bool HealthProbe::answers() {
  const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(now_().time_since_epoch()).count();
  const std::int64_t asked_at = asked_at_ns_.load(std::memory_order_acquire);
  if (asked_at != 0 && now - asked_at < std::chrono::nanoseconds(kMaxAge).count()) {
    return answered_.load(std::memory_order_relaxed);
  }
  // NOTE: several callers may find the answer old at once and each ask; the interval
  // bounds how often that happens, not how many ask in it.
  const bool answered = ping_();
  answered_.store(answered, std::memory_order_relaxed);
  asked_at_ns_.store(now, std::memory_order_release);
  return answered;
}

void bind_health_routes(Router& router, HealthProbe& probe) {
  PublicRoutes probes(router);
  probes.add("GET", "/healthz", [&probe](const httplib::Request&, httplib::Response& res, const PathParams&) {
    if (!probe.answers()) throw core::Error(core::ErrorCode::unavailable, "The database does not answer");
    send_json(res, 200, R"({"status":"ok"})");
  });
}

}  // namespace taskbox::app
