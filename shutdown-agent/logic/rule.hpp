#pragma once
// One upssched-style rule: "AT <notify type> <ups|*> <action> <arg> [<arg2>]".

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::agent {

// START-TIMER, CANCEL-TIMER, EXECUTE, and NUT 2.8.5's START-TIMER-SHARED (a running timer of
// that name is joined: the event's UPS and type are added to it) and CANCEL-TIMER-MATCHED (the
// timer is cancelled only when the event's type and UPS are among those that started or joined
// it).
enum class rule_action : std::uint8_t {
  start_timer,
  cancel_timer,
  execute,
  start_timer_shared,
  cancel_timer_matched
};

inline bool starts_timer(rule_action a) {
  return a == rule_action::start_timer || a == rule_action::start_timer_shared;
}
inline bool cancels_timer(rule_action a) {
  return a == rule_action::cancel_timer || a == rule_action::cancel_timer_matched;
}

// upssched.conf's name of an action ("START-TIMER-SHARED").
std::string_view action_directive(rule_action a);

struct rule {
  std::string at = "ONBATT";  // notify type, upper case
  std::string ups = "*";      // UPS id on MQTT, or "*"
  rule_action action = rule_action::execute;
  std::string name;                    // timer name (START/CANCEL) or command (EXECUTE)
  std::chrono::milliseconds after{0};  // START-TIMER(-SHARED)'s delay
  std::string else_execute;            // CANCEL-TIMER(-MATCHED)'s command when none is cancelled
  std::string origin;                  // where it was written: "upssched.conf:12", "rules[3]"
};

// The notify type upsmon raises when the host itself shuts down; the agent raises it too.
inline constexpr std::string_view kShutdownNotify = "SHUTDOWN";

// Upper-cases a notify type as written by the user.
std::string normalize_notify_type(std::string_view name);

// Why `name` is no notify type a rule can match (the event types plus SHUTDOWN), or nullopt.
std::optional<std::string> notify_type_problem(std::string_view name);

// Why `name` cannot be a timer name or a CMDSCRIPT argument, or nullopt. These become the
// script's argument, so they are kept to printable characters without spaces.
std::optional<std::string> script_argument_problem(std::string_view name);

// A warning for a UPS written the upssched way ("ups@host"), which never matches a UPS id.
std::optional<std::string> upssched_ups_name_warning(std::string_view ups);

// upssched's matching: the notify type case-insensitively, the UPS exactly or "*".
bool matches(const rule& r, std::string_view notify_type, std::string_view ups);

// The rule in upssched.conf syntax, for logs and --check-config.
std::string describe(const rule& r);

// Rules that are valid but cannot do what they seem to: a CANCEL-TIMER-MATCHED of a type no
// rule starts that timer at never cancels it (upssched 2.8.5 matches the event's type against
// the types that started or joined the timer). One line each, starting with the rule's origin.
std::vector<std::string> rule_warnings(const std::vector<rule>& rules);

}  // namespace nutmqtt::agent
