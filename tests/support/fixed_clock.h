#pragma once
// A clock stopped at one instant (whole seconds since the epoch), for tests of code that
// reads the time once per call: token expiry, password rehash dates.

#include <chrono>
#include <cstdint>

#include "taskbox/core/clock.h"

namespace taskbox::test_support {

inline core::Clock fixed_clock(std::int64_t unix_seconds) {
  return [unix_seconds] { return std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds)); };
}

}  // namespace taskbox::test_support
