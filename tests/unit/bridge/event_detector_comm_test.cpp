#include <chrono>
#include <vector>

#include <doctest/doctest.h>

#include "bridge/ups/event_detector.hpp"
#include "detector_script.hpp"

using namespace nutmqtt::test;
using nutmqtt::bridge::event_detector;
using nutmqtt::common::event_type;

namespace {

// Polls that fail every 500 ms from `from` to `to` (inclusive); the times NOCOMM was raised.
std::vector<std::chrono::milliseconds> nocomm_times(event_detector& detector,
                                                    std::chrono::milliseconds from,
                                                    std::chrono::milliseconds to) {
  std::vector<std::chrono::milliseconds> times;
  for (auto at = from; at <= to; at += 500ms) {
    for (const auto& e : detector.update(failed(), kT0 + at)) {
      if (e.type == event_type::nocomm) times.push_back(at);
    }
  }
  return times;
}

using ms_list = std::vector<std::chrono::milliseconds>;

}  // namespace

TEST_CASE("COMMBAD on the first failed poll only, COMMOK on the first good one after") {
  run_script({
      {0ms, good("OL"), ""},
      {500ms, failed("ERR DATA-STALE"), "COMMBAD"},
      {1000ms, failed("connection refused"), ""},
      {1500ms, failed("ERR DRIVER-NOT-CONNECTED"), ""},
      {2000ms, good("OL"), "COMMOK"},
      {2500ms, good("OL"), ""},
      {3000ms, failed("timeout"), "COMMBAD"},
      {3500ms, good("OL"), "COMMOK"},
  });
}

TEST_CASE("after COMMOK the status is compared with the last one known before the loss") {
  run_script({
      {0ms, good("OL"), ""},
      {500ms, failed(), "COMMBAD"},
      {1000ms, good("OB DISCHRG"), "COMMOK ONBATT"},
      {1500ms, failed(), "COMMBAD"},
      {2000ms, good("OB DISCHRG"), "COMMOK"},
      {2500ms, failed(), "COMMBAD"},
      {3000ms, good("OL CAL"), "COMMOK ONLINE CAL"},
      {3500ms, failed(), "COMMBAD"},
      {4000ms, good("OL"), "COMMOK NOTCAL"},
  });
}

TEST_CASE("a failure at start-up: COMMBAD, then COMMOK but still no first ONLINE") {
  run_script({
      {0ms, failed("connection refused"), "COMMBAD"},
      {500ms, good("OL"), "COMMOK"},
      {1000ms, good("OB"), "ONBATT"},
  });
  run_script({
      {0ms, failed(), "COMMBAD"},
      {500ms, good("OB LB"), "COMMOK ONBATT LOWBATT"},
  });
  run_script({
      {0ms, failed(), "COMMBAD"},
      {500ms, good("WAIT"), "COMMOK"},
      {1000ms, good("OL"), ""},
  });
  event_detector detector("nas", {});
  const auto events = detector.update(failed(), kT0);
  REQUIRE(events.size() == 1);
  CHECK(events[0].status == "");
  CHECK(events[0].previous_status == "");
}

TEST_CASE("NOCOMM once communication has been lost for the interval, then every interval") {
  event_detector detector("nas", {});
  CHECK(detector.update(good("OL"), kT0).empty());
  const auto times = nocomm_times(detector, 500ms, 1300s);
  // Lost at 0.5 s: 300 s later, and every 300 s after each warning.
  CHECK(times == ms_list{300500ms, 600500ms, 900500ms, 1200500ms});
}

TEST_CASE("NOCOMM counts from the first failed poll, also when nothing was ever heard") {
  event_detector::settings s;
  s.nocomm_interval = 10s;
  event_detector detector("nas", s);
  CHECK(nocomm_times(detector, 0ms, 35s) == ms_list{10s, 20s, 30s});
}

TEST_CASE("a COMMOK restarts the NOCOMM count") {
  event_detector::settings s;
  s.nocomm_interval = 10s;
  event_detector detector("nas", s);
  CHECK(nocomm_times(detector, 0ms, 12s) == ms_list{10s});
  CHECK(names(detector.update(good("OL"), kT0 + 15s)) == "COMMOK");
  CHECK(nocomm_times(detector, 16s, 40s) == ms_list{26s, 36s});
}

TEST_CASE("after a stall of the caller, the next NOCOMM is still a full interval later") {
  event_detector::settings s;
  s.nocomm_interval = 10s;
  run_script(
      {
          {0ms, failed(), "COMMBAD"},
          {19s, failed(), "NOCOMM"},
          {20s, failed(), ""},
          {28500ms, failed(), ""},
          {29s, failed(), "NOCOMM"},
      },
      s);
}

TEST_CASE("the accessors follow the polls") {
  event_detector detector("nas", {});
  CHECK_FALSE(detector.communicating());
  CHECK(detector.last_status() == "");
  detector.update(good("OL CHRG"), kT0);
  CHECK(detector.communicating());
  CHECK(detector.last_status() == "OL CHRG");
  detector.update(failed(), kT0 + 1s);
  CHECK_FALSE(detector.communicating());
  CHECK(detector.last_status() == "OL CHRG");
  detector.update(good("OB"), kT0 + 2s);
  CHECK(detector.communicating());
  CHECK(detector.last_status() == "OB");
}

TEST_CASE("REPLBATT at once, then at most once per interval while RB stays") {
  event_detector detector("nas", {});  // 12 h
  std::vector<std::chrono::minutes> raised;
  for (auto at = std::chrono::minutes(0); at <= std::chrono::minutes(25 * 60); at += 1min) {
    for (const auto& e : detector.update(good("OL RB"), kT0 + at)) {
      CHECK(e.type == event_type::replbatt);
      CHECK(e.message == "UPS nas battery needs to be replaced");
      raised.push_back(at);
    }
  }
  CHECK(raised == std::vector<std::chrono::minutes>{0min, 720min, 1440min});
}

TEST_CASE("REPLBATT's interval holds across RB going away and across a lost connection") {
  event_detector::settings s;
  s.replbatt_interval = 60s;
  run_script(
      {
          {0s, good("OL"), ""},
          {1s, good("OL RB"), "REPLBATT"},
          {2s, good("OL"), ""},
          {3s, good("OL RB"), ""},
          {30s, failed(), "COMMBAD"},
          {61s, failed(), ""},
          {62s, good("OL RB"), "COMMOK REPLBATT"},
          {100s, good("OL RB"), ""},
          {122s, good("OL RB"), "REPLBATT"},
      },
      s);
}
