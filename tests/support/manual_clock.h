#pragma once
// A wall clock for tests: starts at a fixed instant (2027-01-15T08:00:00.000Z) and moves
// only when advance() is called, so expiry and rate-limit windows pass without sleeping.
// Copies of clock() share the time, so a server holding one sees every advance.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "taskbox/core/clock.h"

namespace taskbox::test_support {

class ManualClock {
 public:
  core::Clock clock() const {
    return [now = now_ms_] { return std::chrono::system_clock::time_point(std::chrono::milliseconds(now->load())); };
  }
  void advance(std::chrono::milliseconds by) { *now_ms_ += by.count(); }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> now_ms_ = std::make_shared<std::atomic<std::int64_t>>(1'800'000'000'000);
};

}  // namespace taskbox::test_support
