#pragma once
// GET /healthz: 200 {"status":"ok"} when the database answers, 503 otherwise.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "router.h"
#include "taskbox/storage/store.h"

namespace taskbox::app {

// Whether the database answers, asked of it at most once per kMaxAge: a load balancer's
// probe, or a flood of them, costs the database one read (a few pages from the file, not
// from a connection's cache) per interval, however many ask. A fault shows within kMaxAge.
// Lock-free: the probe runs on every worker, and a lock would be a point to queue on.
class HealthProbe {
 public:
  static constexpr std::chrono::milliseconds kMaxAge{100};
  using Now = std::function<std::chrono::steady_clock::time_point()>;

  explicit HealthProbe(std::function<bool()> ping, Now now = std::chrono::steady_clock::now)
      : ping_(std::move(ping)), now_(std::move(now)) {}

  bool answers();

 private:
  std::function<bool()> ping_;
  Now now_;
  std::atomic<bool> answered_{false};
  std::atomic<std::int64_t> asked_at_ns_{0};  // steady clock; 0: never asked
};

void bind_health_routes(Router& router, HealthProbe& probe);

}  // namespace taskbox::app
