#include "taskbox/core/clock.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <string>

namespace taskbox::core {
namespace {

TEST(FormatTimestamp, IsIso8601UtcWithMilliseconds) {
  const struct {
    std::int64_t unix_ms;
    const char* expected;
  } cases[] = {
      {0, "1970-01-01T00:00:00.000Z"},
      {1, "1970-01-01T00:00:00.001Z"},
      {999, "1970-01-01T00:00:00.999Z"},
      {1000, "1970-01-01T00:00:01.000Z"},
      {951'782'400'000, "2000-02-29T00:00:00.000Z"},
      {1'700'000'000'123, "2023-11-14T22:13:20.123Z"},
      {4'102'444'800'000, "2100-01-01T00:00:00.000Z"},
      {253'402'300'799'999, "9999-12-31T23:59:59.999Z"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.unix_ms);
    EXPECT_EQ(format_timestamp(c.unix_ms), c.expected);
  }
}

TEST(FormatTimestamp, AgreesWithTheCLibraryAcrossCenturies) {
  // Every 37 days and 13 hours from 1970 to 2400: month lengths and leap years.
  for (std::int64_t ms = 0; ms < 13'569'465'600'000; ms += (37LL * 24 + 13) * 3'600'000 + 1234) {
    const auto seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char expected[64];
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
    ASSERT_EQ(format_timestamp(ms), expected) << ms;
  }
}

TEST(UnixMs, TruncatesToMilliseconds) {
  using namespace std::chrono;
  EXPECT_EQ(unix_ms(system_clock::time_point(seconds(1) + milliseconds(5) + microseconds(999))), 1005);
  EXPECT_EQ(unix_ms(system_clock::time_point()), 0);
}

TEST(SystemClock, ReadsTheWallClock) {
  const Clock clock = system_clock();
  const auto before = std::chrono::system_clock::now();
  const auto now = clock();
  const auto after = std::chrono::system_clock::now();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace taskbox::core
