#include "taskbox/core/clock.h"


namespace taskbox::core {

Clock system_clock() {
  return [] { return std::chrono::system_clock::now(); };
}

std::int64_t unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

namespace {

// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
// NOTE: plain arithmetic instead of gmtime_r + snprintf, which take glibc's time-zone
// lock and parse a format string for each of the two timestamps of every task rendered.
void civil_from_days(std::int64_t days, int& year, unsigned& month, unsigned& day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0));
}

void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::string format_timestamp(std::int64_t unix_ms) {
  std::int64_t days = unix_ms / 86'400'000;
  std::int64_t rest = unix_ms % 86'400'000;
  if (rest < 0) {
    rest += 86'400'000;
    days -= 1;
  }
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  civil_from_days(days, year, month, day);
  const auto ms_of_day = static_cast<unsigned>(rest);
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
