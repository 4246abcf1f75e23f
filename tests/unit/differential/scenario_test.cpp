#include "differential/scenario.hpp"

#include <set>

#include <doctest/doctest.h>

using namespace nutmqtt::differential;

TEST_CASE("a seed names one scenario: the same seed, the same steps and settings") {
  for (std::uint64_t seed : {1ULL, 2ULL, 42ULL, 1000ULL}) {
    CHECK(describe(generate(seed)) == describe(generate(seed)));
  }
  CHECK(describe(generate(1)) != describe(generate(2)));
}

TEST_CASE("every status is held long enough for both sides to see it, faults stay in bounds") {
  for (std::uint64_t seed = 1; seed <= 500; ++seed) {
    const auto sc = generate(seed);
    CAPTURE(describe(sc));
    REQUIRE(sc.steps.size() >= 4);
    REQUIRE(sc.steps.size() <= 10);  // 8 drawn, and a blip of two
    for (const auto& s : sc.steps) {
      switch (s.kind) {
        case step_kind::status:
          CHECK(s.hold_s >= kMinHoldSeconds);
          CHECK_FALSE(s.status.empty());
          break;
        case step_kind::bridge_death:
        case step_kind::broker_death:
          // Inside deadtime: the agent, blind meanwhile, must still agree with upsmon.
          CHECK(s.hold_s <= sc.config.deadtime_s - 3);
          CHECK(s.hold_s >= 2);
          break;
        case step_kind::driver_stall:
          // Unnoticed by both, or stale long enough for both to see it.
          CHECK((s.hold_s <= sc.config.maxage_s - 3 || s.hold_s >= sc.config.maxage_s + 2));
          CHECK(s.hold_s >= 1);
          break;
        default:
          CHECK(s.hold_s >= 2);
          CHECK(s.hold_s <= sc.config.maxage_s + sc.config.deadtime_s + 4);
      }
    }
  }
}

TEST_CASE("over many seeds every kind of step and every token comes up") {
  std::set<step_kind> kinds;
  std::set<std::string> tokens;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    for (const auto& s : generate(seed).steps) {
      kinds.insert(s.kind);
      std::string word;
      for (char ch : s.status + " ") {
        if (ch != ' ') {
          word += ch;
        } else if (!word.empty()) {
          tokens.insert(word);
          word.clear();
        }
      }
    }
  }
  CHECK(kinds.size() == 6);
  for (const char* t : {"OL", "OB", "LB", "FSD", "RB", "CAL", "OFF", "BYPASS", "TRIM", "BOOST",
                        "OVER", "ALARM", "XYZZY"}) {
    CAPTURE(t);
    CHECK(tokens.count(t) == 1);
  }
}

TEST_CASE("the tail covers a UPS left silent on battery: stale, deadtime, hostsync, finaldelay") {
  settings s;
  s.maxage_s = 5;
  s.deadtime_s = 8;
  s.hostsync_s = 3;
  s.finaldelay_s = 2;
  CHECK(tail_seconds(s) > 5 + 8 + 3 + 2);
}

TEST_CASE("some scenarios carry an OB LB blip shorter than HOSTSYNC, then on battery") {
  int blips = 0;
  for (std::uint64_t seed = 1000; seed < 1100; ++seed) {
    const auto sc = generate(seed);
    for (std::size_t i = 0; i + 1 < sc.steps.size(); ++i) {
      const auto& s = sc.steps[i];
      if (s.kind != step_kind::status || s.status != "OB LB DISCHRG") continue;
      if (s.hold_s >= sc.config.hostsync_s) continue;
      CHECK(sc.steps[i + 1].status == "OB DISCHRG");
      ++blips;
    }
  }
  CHECK(blips >= 3);
}
