#pragma once
// Table-driven runs of the event detector: polls at given times, the events each must raise.

#include <chrono>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "bridge/ups/event_detector.hpp"

namespace nutmqtt::test {

using namespace std::chrono_literals;

// An arbitrary origin: the detector must not care what the steady clock reads.
inline const bridge::event_detector::clock::time_point kT0 =
    bridge::event_detector::clock::time_point{} + 1h;

inline bridge::poll_outcome good(std::string status, std::string alarm = {}) {
  return {true, std::move(status), std::move(alarm), {}};
}

inline bridge::poll_outcome failed(std::string why = "ERR DATA-STALE") {
  return {false, {}, {}, std::move(why)};
}

// "ONBATT LOWBATT": event names in publication order, "" for none.
inline std::string names(const std::vector<bridge::detected_event>& events) {
  std::string out;
  for (const auto& e : events) {
    if (!out.empty()) out += ' ';
    out += common::event_name(e.type);
  }
  return out;
}

struct step {
  std::chrono::milliseconds at;  // since kT0
  bridge::poll_outcome poll;
  std::string expected;  // as `names` writes them
};

// Feeds every step to one fresh detector for UPS "nas" and checks each poll's events.
inline void run_script(const std::vector<step>& steps,
                       bridge::event_detector::settings settings = {}) {
  bridge::event_detector detector("nas", settings);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& s = steps[i];
    // INFO is stringified lazily: what it shows must outlive it.
    const std::string where =
        "step " + std::to_string(i) + " at " + std::to_string(s.at.count()) +
        " ms: " + (s.poll.ok ? "status '" + s.poll.status + "'" : "failed poll");
    INFO(where);
    CHECK(names(detector.update(s.poll, kT0 + s.at)) == s.expected);
  }
}

}  // namespace nutmqtt::test
