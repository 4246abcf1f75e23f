#include "common/time_format.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::common;
using namespace std::chrono;

TEST_CASE("times are ISO 8601 UTC with milliseconds") {
  auto t = sys_days{2026y / 11 / 24} + 10h + 15min + 2s + 512ms;
  CHECK(format_time(t) == "2026-11-24T10:15:02.512Z");
  CHECK(format_time(sys_days{1970y / 1 / 1}) == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("times parse back") {
  auto t = sys_days{2026y / 11 / 24} + 10h + 15min + 2s + 512ms;
  CHECK(parse_time("2026-11-24T10:15:02.512Z") == t);
  CHECK(parse_time("2026-11-24T10:15:02Z") == t - 512ms);
  CHECK(parse_time("2026-11-24T10:15:02.5Z") == t - 12ms);
  CHECK(parse_time(format_time(t)) == t);
  for (const char* bad :
       {"", "2026-11-24", "2026-13-24T10:15:02Z", "2026-11-24T25:15:02Z", "2026-11-24T10:15:02.Z",
        "2026-11-24T10:15:02.5x Z", "2026-11-24 10:15:02Z", "2026-02-30T10:15:02Z"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_time(bad).has_value());
  }
}

TEST_CASE("times outside 1970..2200 are refused before any arithmetic") {
  CHECK(parse_time("1970-01-01T00:00:00Z") == sys_days{1970y / 1 / 1});
  CHECK(parse_time("2200-12-31T23:59:59.999Z") ==
        sys_days{2200y / 12 / 31} + 23h + 59min + 59s + 999ms);
  for (const char* bad : {"1969-12-31T23:59:59.999Z", "2201-01-01T00:00:00Z",
                          "2200-12-31T23:59:60Z", "9999-12-31T00:00:00Z", "0000-01-01T00:00:00Z",
                          "1677-09-21T00:12:43Z", "2262-04-12T00:00:00Z"}) {
    CAPTURE(bad);
    auto r = read_time(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error.find("outside the years 1970..2200") != std::string::npos);
  }
  // A sign is not a digit (std::from_chars would read "-999" as a year).
  for (const char* bad : {"-999-01-01T00:00:00Z", "+999-01-01T00:00:00Z", "2026-+1-01T00:00:00Z"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_time(bad).has_value());
  }
  CHECK(read_time("garbage").error.find("2026-11-24T10:15:02.512Z") != std::string::npos);
}

TEST_CASE("differences between times saturate instead of overflowing") {
  const wall_clock::time_point lowest = wall_clock::time_point::min();
  const wall_clock::time_point highest = wall_clock::time_point::max();
  CHECK(time_between(lowest, highest) == milliseconds::max());
  CHECK(time_between(highest, lowest) == milliseconds::min());
  const auto t = sys_days{2026y / 11 / 24};
  CHECK(time_between(t, t + 90s) == 90s);
  CHECK(time_between(t + 90s, t) == -90s);
  // 326 years back is far, not "just now".
  const auto far = sys_days{1700y / 1 / 1};
  CHECK(time_between(far, t) > hours(24 * 365 * 300));
}
