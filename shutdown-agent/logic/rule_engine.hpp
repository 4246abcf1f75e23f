#pragma once
// upssched's AT lines applied to events: every matching rule runs, in order. Pure: the caller
// passes the time and carries out the returned outcomes (runs scripts, publishes, logs).

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "shutdown-agent/logic/rule.hpp"
#include "shutdown-agent/logic/timer_table.hpp"

namespace nutmqtt::agent {

enum class outcome_kind : std::uint8_t {
  timer_started,
  timer_already_running,  // START-TIMER while it runs: left alone
  timer_joined,           // START-TIMER-SHARED while it runs: the event's UPS and type added
  timer_cancelled,
  timer_not_running,  // CANCEL-TIMER(-MATCHED) of a timer that does not run
  timer_kept,         // CANCEL-TIMER-MATCHED of a timer the event's UPS or type did not start
  timer_expired,
  run_script,  // run CMDSCRIPT with `name`
};

std::string_view outcome_name(outcome_kind k);

struct rule_outcome {
  outcome_kind kind = outcome_kind::run_script;
  std::string name;                      // timer name, or the script's argument
  std::chrono::milliseconds after{0};    // timer_started: its length
  std::chrono::milliseconds elapsed{0};  // timer_started: how long ago it counts from
  notify_event cause;                    // the event behind it
  std::string rule;                      // the rule that did it, as upssched would write it
};

class rule_engine {
 public:
  explicit rule_engine(std::vector<rule> rules) : rules_(std::move(rules)) {}

  std::vector<rule_outcome> on_event(const notify_event& e, time_point now) {
    return on_event(e, now, now);
  }
  // The same for an event that happened at `happened` (<= now), learned late: its timers
  // count from `happened`, and fire at once if their delay has passed since.
  std::vector<rule_outcome> on_event(const notify_event& e, time_point now, time_point happened);
  // Puts back a timer saved before a restart; false when one of that name runs already.
  bool restore(const running_timer& t);
  // Timers due at `now`: each gives timer_expired followed by run_script.
  std::vector<rule_outcome> on_time(time_point now);

  const timer_table& timers() const { return timers_; }
  const std::vector<rule>& rules() const { return rules_; }

 private:
  void apply(const rule& r, const notify_event& e, time_point happened,
             std::vector<rule_outcome>& out);
  void cancel(const rule& r, const notify_event& e, std::vector<rule_outcome>& out);

  std::vector<rule> rules_;
  timer_table timers_;
};

}  // namespace nutmqtt::agent
