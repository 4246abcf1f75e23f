#pragma once
// The named timers of START-TIMER(-SHARED) / CANCEL-TIMER(-MATCHED). Pure: time is passed in,
// nothing sleeps; the daemon arms one Asio timer for next_deadline().

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shutdown-agent/notify/notify_event.hpp"

namespace nutmqtt::agent {

struct running_timer {
  std::string name;
  time_point deadline;
  std::chrono::milliseconds length{0};
  // The event that started it, handed to CMDSCRIPT when it fires; a shared timer's also lists
  // the events that joined it (cause.joined).
  notify_event cause;
};

// Whether `ups` and `type` are among the UPSes and types that started or joined `t` (each list
// on its own, as upssched keeps them). An empty UPS is never among them.
bool started_by(const running_timer& t, std::string_view type, std::string_view ups);

class timer_table {
 public:
  // Starts `name` unless a timer of that name already runs (then false, and the running one
  // keeps its deadline: upssched would start a second timer and run the script twice).
  bool start(std::string name, std::chrono::milliseconds length, time_point now,
             notify_event cause);
  // START-TIMER-SHARED on a running timer: adds `e`'s type and UPS to it (once), without moving
  // its deadline. False when no timer of that name runs.
  bool join(std::string_view name, const notify_event& e);
  // Removes and returns the running timer `name`, if any.
  std::optional<running_timer> cancel(std::string_view name);
  // CANCEL-TIMER-MATCHED: the same, only when `type` and `ups` started or joined it.
  std::optional<running_timer> cancel_matched(std::string_view name, std::string_view type,
                                              std::string_view ups);
  // Removes and returns the timers due at `now`, earliest deadline first.
  std::vector<running_timer> expire(time_point now);
  std::optional<time_point> next_deadline() const;
  bool running(std::string_view name) const;
  // Running timers, earliest deadline first.
  const std::vector<running_timer>& all() const { return timers_; }

 private:
  std::vector<running_timer>::iterator find(std::string_view name);

  std::vector<running_timer> timers_;  // few; kept sorted by deadline
};

}  // namespace nutmqtt::agent
