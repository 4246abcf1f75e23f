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
