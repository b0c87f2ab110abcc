#pragma once
// Time as taskbox sees it: an injectable clock (so expiry and rate-limit windows are
// testable) and the wire format of timestamps.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace taskbox::core {

using Clock = std::function<std::chrono::system_clock::time_point()>;

// The real wall clock.
Clock system_clock();

// Milliseconds since the Unix epoch.
std::int64_t unix_ms(std::chrono::system_clock::time_point t);

// ISO 8601 UTC with millisecond precision, e.g. "2026-11-21T23:52:43.123Z".
std::string format_timestamp(std::int64_t unix_ms);

}  // namespace taskbox::core
