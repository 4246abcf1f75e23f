#include "common/duration.hpp"

#include <doctest/doctest.h>

using nutmqtt::common::format_duration;
using nutmqtt::common::parse_duration;
using namespace std::chrono_literals;

TEST_CASE("durations accept ms, s, m, h and bare seconds") {
  CHECK(parse_duration("500ms") == 500ms);
  CHECK(parse_duration("5s") == 5s);
  CHECK(parse_duration("1m") == 60s);
  CHECK(parse_duration("12h") == 12h);
  CHECK(parse_duration("30") == 30s);
  CHECK(parse_duration("0.5") == 500ms);
  CHECK(parse_duration(" 2s ") == 2s);
  CHECK(parse_duration("0") == 0ms);
}

TEST_CASE("durations reject what they cannot read") {
  for (const char* bad : {"", "fast", "5x", "-1s", "1.5s", "s", "ms", "5 seconds", "1e3", "nan",
                          "99999999999999999999h"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_duration(bad).has_value());
  }
}

TEST_CASE("durations print in their shortest exact unit") {
  CHECK(format_duration(500ms) == "500ms");
  CHECK(format_duration(5s) == "5s");
  CHECK(format_duration(120s) == "2m");
  CHECK(format_duration(12h) == "12h");
  CHECK(format_duration(1500ms) == "1500ms");
  CHECK(format_duration(0ms) == "0ms");
}
