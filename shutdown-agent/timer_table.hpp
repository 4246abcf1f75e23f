#pragma once
// The named timers of START-TIMER / CANCEL-TIMER. Pure: time is passed in, nothing sleeps; the
// daemon arms one Asio timer for next_deadline().

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shutdown-agent/notify_event.hpp"

namespace nutmqtt::agent {

struct running_timer {
  std::string name;
  time_point deadline;
  std::chrono::milliseconds length{0};
  notify_event cause;  // the event that started it, handed to CMDSCRIPT when it fires
};

class timer_table {
 public:
  // Starts `name` unless a timer of that name already runs (then false, and the running one
  // keeps its deadline: upssched would start a second timer and run the script twice).
  bool start(std::string name, std::chrono::milliseconds length, time_point now,
             notify_event cause);
  // Removes and returns the running timer `name`, if any.
  std::optional<running_timer> cancel(std::string_view name);
  // Removes and returns the timers due at `now`, earliest deadline first.
  std::vector<running_timer> expire(time_point now);
  std::optional<time_point> next_deadline() const;
  bool running(std::string_view name) const;
  // Running timers, earliest deadline first.
  const std::vector<running_timer>& all() const { return timers_; }

 private:
  std::vector<running_timer> timers_;  // few; kept sorted by deadline
};

}  // namespace nutmqtt::agent
