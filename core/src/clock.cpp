#include "taskbox/core/clock.h"


namespace taskbox::core {

Clock system_clock() {
  return [] { return std::chrono::system_clock::now(); };
}

std::int64_t unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

namespace {

void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

// NOTE: C++20 calendar arithmetic instead of gmtime_r + snprintf, which take glibc's
// time-zone lock and parse a format string for each of the two timestamps of every task
// rendered (std::format is not in GCC 12).
std::string format_timestamp(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> at{milliseconds(unix_ms)};
  const sys_days day_start = floor<days>(at);
  const year_month_day date{day_start};
  const auto ms_of_day = static_cast<unsigned>((at - day_start).count());
  const int year = static_cast<int>(date.year());
  const unsigned month = static_cast<unsigned>(date.month());
  const unsigned day = static_cast<unsigned>(date.day());
  // "YYYY-MM-DDTHH:MM:SS.mmmZ"
  std::string out = "0000-00-00T00:00:00.000Z";
  put_digits(out.data(), static_cast<unsigned>(year < 0 ? 0 : year) % 10000, 4);
  put_digits(out.data() + 5, month, 2);
  put_digits(out.data() + 8, day, 2);
  put_digits(out.data() + 11, ms_of_day / 3'600'000, 2);
  put_digits(out.data() + 14, ms_of_day / 60'000 % 60, 2);
  put_digits(out.data() + 17, ms_of_day / 1000 % 60, 2);
  put_digits(out.data() + 20, ms_of_day % 1000, 3);
  return out;
}

}  // namespace taskbox::core
