#pragma once
// One upssched-style rule: "AT <notify type> <ups|*> <action> <arg> [<arg2>]".

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nutmqtt::agent {

enum class rule_action : std::uint8_t { start_timer, cancel_timer, execute };

struct rule {
  std::string at = "ONBATT";  // notify type, upper case
  std::string ups = "*";      // UPS id on MQTT, or "*"
  rule_action action = rule_action::execute;
  std::string name;                    // timer name (START/CANCEL) or command (EXECUTE)
  std::chrono::milliseconds after{0};  // START-TIMER's delay
  std::string else_execute;            // CANCEL-TIMER's command for "no such timer running"
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

}  // namespace nutmqtt::agent
