#include "bench/flood_figures.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::bench;

TEST_CASE("the flood's CMDSCRIPT log: time, argument and UPS per line, bad lines skipped") {
  auto calls = parse_script_calls(
      "1796000000.250000 onbatt nas\n"
      "1796000000.3 onbatt\n"               // no UPS name
      "soon onbatt nas\n"                   // no time
      "1796000000.4 onbatt nas and more\n"  // a fourth word
      "1796000001.125000 onbatt flood1-5\n");
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].at == doctest::Approx(1796000000.25));
  CHECK(calls[0].argument == "onbatt");
  CHECK(calls[0].ups == "nas");
  CHECK(calls[1].ups == "flood1-5");
}

TEST_CASE("an event's delay is to the first call for its UPS at or after its publish") {
  const std::vector<script_call> calls = {{100.0, "onbatt", "nas"},
                                          {105.5, "onbatt", "flood1-2"},
                                          {106.0, "online", "nas"},
                                          {107.25, "onbatt", "nas"},
                                          {106.5, "onbatt", "nas"}};
  CHECK(first_call_delay(calls, "onbatt", "nas", 99.0) == doctest::Approx(1.0));
  // The earlier call was an earlier event's; calls need not be in order.
  CHECK(first_call_delay(calls, "onbatt", "nas", 105.0) == doctest::Approx(1.5));
  CHECK_FALSE(first_call_delay(calls, "onbatt", "nas", 108.0));
  CHECK_FALSE(first_call_delay(calls, "onbatt", "ups2", 0.0));
  CHECK(calls_for_others(calls, "nas", 100.0, 106.0) == 1);
  CHECK(calls_for_others(calls, "nas", 106.0, 200.0) == 0);
}

TEST_CASE("what a log gained past an offset") {
  const std::string log = "one\ntwo\nthree\n";
  CHECK(growth_after(log, 4).lines == 2);
  CHECK(growth_after(log, 4).bytes == 10);
  CHECK(growth_after(log, log.size()).lines == 0);
  CHECK(growth_after(log, 1000).bytes == 0);  // the log was replaced by a shorter one
}

TEST_CASE("two lines of one problem are one kind, whatever ids, numbers and quotes they hold") {
  const std::string a =
      R"(ups/flood1-7/state: ignoring UPS "flood1-7": 256 UPS ids are tracked already)";
  const std::string b =
      R"(ups/flood3-9001/state: ignoring UPS "fl\"ood": 256 UPS ids are tracked already)"
      " (4870 similar messages suppressed)";
  CHECK(problem_kind(a) == R"(ups/#/state: ignoring UPS "": # UPS ids are tracked already)");
  CHECK(problem_kind(a) == problem_kind(b));
  CHECK(problem_kind("ups/x/event: ignoring an invalid event") !=
        problem_kind("ups/x/state: ignoring an invalid state"));
}

TEST_CASE("problems are the warning, error and critical lines of a log, counted by kind") {
  auto kinds = problem_kinds(
      "2026-12-07 04:00:00.001 info action: {\"action\":\"execute\"}\n"
      "2026-12-07 04:00:00.002 warning ups/a1/state: ignoring UPS \"a1\": 256 tracked\n"
      "2026-12-07 04:01:00.002 warning ups/b2/state: ignoring UPS \"b2\": 256 tracked (9 similar "
      "messages suppressed)\n"
      "2026-12-07 04:01:00.003 error cannot run the script\n"
      "2026-12-07 04:01:00.004 debug ignored\n"
      "garbage\n");
  REQUIRE(kinds.size() == 2);
  CHECK(kinds[R"(ups/#/state: ignoring UPS "": # tracked)"] == 2);
  CHECK(kinds["cannot run the script"] == 1);
}
