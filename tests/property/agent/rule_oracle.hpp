#pragma once
// What the agent's scripts should be, written from upssched's manual (upssched(8),
// upssched.conf(5): every matching AT line runs, in file order; START-TIMER, CANCEL-TIMER with
// its fallback command, EXECUTE; a timer's expiry runs CMDSCRIPT with its name) and from the
// "Acting once: what the agent already knows", "Restarts and faults" and "Where it does
// better than upssched" of docs/shutdown-agent.md - not from the agent's code:
//   - what is known per UPS: the line state (OB or OL, latched: a status with neither changes
//     nothing), LB, FSD and CAL; an event or a state acts only when it changes what is known
//     (ONBATT when not known on battery, ONLINE when not known on line power, LOWBATT and FSD
//     when not known set, CAL/NOTCAL when not known set/clear); a state announces what the
//     bridge would have announced for the difference, the first sight of a UPS every condition
//     present but line power, with the rules as of when each condition began (its `since`);
//   - a state older than DEADTIME whose bridge is offline is not news;
//   - a START-TIMER of a running timer leaves it alone (upssched would start a second one);
//   - START-TIMER-SHARED (upssched.conf(5) of NUT 2.8.5) of a running timer adds the event's
//     UPS and type to it, without moving its deadline; CANCEL-TIMER-MATCHED cancels it only
//     when the event's type is among the types and its UPS among the UPSes that started or
//     joined it (each a list of its own; an event naming no UPS matches none), and runs its
//     command when nothing was cancelled, as CANCEL-TIMER does;
//   - from a connect until what the broker held has been read, what is learned is not acted
//     on yet; then, for each UPS and condition, only the net change from what was known at
//     the connect: nothing when it is as it was (a set condition also since the same moment);
//     the rule of its present value otherwise (on battery again since another moment: ONLINE,
//     then ONBATT); nothing for a condition unknown at the connect and clear now;
//   - timers fire at their deadline, except between a connect and the moment what the broker
//     held has been read (then at that moment), and restored timers not before the first
//     connect of the restarted agent; once SHUTDOWN has begun nothing runs but the EXECUTE
//     rules of SHUTDOWN.
// COMMBAD/COMMOK are the agent's own judgement (checked elsewhere); their rules are applied
// here when the agent announces them.

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/event_message.hpp"
#include "common/state_message.hpp"
#include "property/agent/scenario.hpp"
#include "shutdown-agent/logic/rule.hpp"

namespace nutmqtt::agent::property {

struct expected_script {
  time_point at;
  std::string argument;
};

class rule_oracle {
 public:
  rule_oracle(const scenario_config& c, time_point t0, common::wall_clock::time_point w0)
      : config_(c), t0_(t0), w0_(w0) {}

  void on_event(const common::event_message& e, time_point now);
  void on_state(const std::string& ups, const common::state_message& s, time_point now);
  void on_bridge_availability(bool online) { bridge_offline_ = !online; }
  void on_comm(const std::string& ups, bool lost, time_point now);
  void on_shutdown(time_point now);
  // The agent connected: until `synced`, timers wait. A hold under way is not made longer.
  void on_connect(time_point now, ms settle);
  void on_synced(time_point now);
  void on_agent_stopped();
  void on_agent_started();

  // Timers due up to `now` run; call with every instant the simulation passes.
  void advance(time_point now);
  std::optional<time_point> next_expiry() const;

  const std::vector<expected_script>& scripts() const { return scripts_; }

 private:
  enum class known { unknown, unset, set };
  struct knowledge {
    known line = known::unknown;  // set: on battery
    known lb = known::unknown, fsd = known::unknown, cal = known::unknown;
    std::map<std::string, time_point> since;  // "OB", "LB", "FSD", "CAL": when it began
  };
  struct deferred {
    std::string type, ups;
    time_point happened;
  };
  // Acts now, or at the end of a connect's backlog (condition events only).
  void learned(const std::string& type, const std::string& ups, time_point happened,
               time_point now);
  void end_backlog(time_point now);
  struct timer {
    std::string name;
    time_point deadline;
    std::uint64_t order;
    std::set<std::string> types;  // of the events that started or joined it
    std::set<std::string> upses;
  };

  void act(const std::string& type, const std::string& ups, time_point happened, time_point now);
  bool holding(time_point now) const;
  bool monitored(const std::string& ups) const;
  time_point steady(common::wall_clock::time_point w) const { return t0_ + (w - w0_); }

  scenario_config config_;
  time_point t0_;
  common::wall_clock::time_point w0_;
  std::map<std::string, knowledge> known_;
  std::vector<timer> timers_;
  std::uint64_t started_ = 0;
  std::set<std::string> seen_;  // boot/seq of the events acted on (QoS 1 redeliveries)
  std::map<std::string, std::pair<std::string, std::uint64_t>> reflected_;  // boot, seq
  bool bridge_offline_ = false;
  bool running_ = true;
  bool waiting_for_first_connect_ = false;
  std::optional<time_point> hold_until_;
  std::optional<std::map<std::string, knowledge>> backlog_base_;  // known at the connect
  std::vector<deferred> deferred_;
  bool shutting_down_ = false;
  std::vector<expected_script> scripts_;
};

}  // namespace nutmqtt::agent::property
