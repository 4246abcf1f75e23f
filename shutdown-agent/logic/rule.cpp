#include "shutdown-agent/logic/rule.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/ascii.hpp"
#include "common/duration.hpp"
#include "common/event_types.hpp"

namespace nutmqtt::agent {
namespace {

constexpr std::size_t kMaxArgumentLength = 128;

std::string valid_notify_types() {
  std::string list;
  for (auto t : common::all_event_types())
    list += fmt::format("{}, ", common::event_name(t));
  return list + std::string(kShutdownNotify);
}

}  // namespace

std::string normalize_notify_type(std::string_view name) {
  return common::ascii_upper(name);
}

std::optional<std::string> notify_type_problem(std::string_view name) {
  if (common::parse_event_type(name) || normalize_notify_type(name) == kShutdownNotify) {
    return std::nullopt;
  }
  return fmt::format("\"{}\" is not a notify type; use one of: {}", name, valid_notify_types());
}

std::optional<std::string> script_argument_problem(std::string_view name) {
  if (name.empty()) return "must not be empty";
  if (name.size() > kMaxArgumentLength) {
    return fmt::format("must be at most {} characters", kMaxArgumentLength);
  }
  for (char c : name) {
    if (c <= ' ' || c > '~') {
      return fmt::format("\"{}\" may contain only printable ASCII characters without spaces", name);
    }
  }
  return std::nullopt;
}

std::optional<std::string> upssched_ups_name_warning(std::string_view ups) {
  if (ups.find('@') == std::string_view::npos) return std::nullopt;
  return fmt::format(
      "\"{}\" looks like upsmon's ups@host name; nutmqtt matches the UPS id the bridge publishes "
      "on MQTT (the <ups> in <base>/<ups>/event), so write that id or *",
      ups);
}

bool matches(const rule& r, std::string_view notify_type, std::string_view ups) {
  if (r.ups != "*" && r.ups != ups) return false;
  return normalize_notify_type(notify_type) == r.at;
}

std::string_view action_directive(rule_action a) {
  switch (a) {
    case rule_action::start_timer:
      return "START-TIMER";
    case rule_action::cancel_timer:
      return "CANCEL-TIMER";
    case rule_action::start_timer_shared:
      return "START-TIMER-SHARED";
    case rule_action::cancel_timer_matched:
      return "CANCEL-TIMER-MATCHED";
    case rule_action::execute:
      break;
  }
  return "EXECUTE";
}

std::string describe(const rule& r) {
  const auto directive = action_directive(r.action);
  if (starts_timer(r.action)) {
    // upssched counts in seconds; a delay with a fraction keeps its unit.
    return fmt::format("AT {} {} {} {} {}", r.at, r.ups, directive, r.name,
                       r.after.count() % 1000 == 0 ? std::to_string(r.after.count() / 1000)
                                                   : common::format_duration(r.after));
  }
  if (cancels_timer(r.action)) {
    return fmt::format("AT {} {} {} {}{}{}", r.at, r.ups, directive, r.name,
                       r.else_execute.empty() ? "" : " ", r.else_execute);
  }
  return fmt::format("AT {} {} {} {}", r.at, r.ups, directive, r.name);
}

std::vector<std::string> rule_warnings(const std::vector<rule>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules) {
    if (r.action != rule_action::cancel_timer_matched) continue;
    const bool started_at_type = std::any_of(rules.begin(), rules.end(), [&](const rule& s) {
      return starts_timer(s.action) && s.name == r.name && s.at == r.at;
    });
    if (started_at_type) continue;
    out.push_back(fmt::format(
        "{}: {} never cancels: the timer is cancelled only by an event of a type that started or "
        "joined it, and no rule starts {} at {} (CANCEL-TIMER cancels whoever started it)",
        r.origin, describe(r), r.name, r.at));
  }
  return out;
}

}  // namespace nutmqtt::agent
