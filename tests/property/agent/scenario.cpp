#include "property/agent/scenario.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace nutmqtt::agent::property {
namespace {

const char* kind_name(step_kind k) {
  switch (k) {
    case step_kind::advance:
      return "advance";
    case step_kind::status:
      return "status";
    case step_kind::ups_lost:
      return "ups_lost";
    case step_kind::ups_back:
      return "ups_back";
    case step_kind::bridge_dies:
      return "bridge_dies";
    case step_kind::bridge_starts:
      return "bridge_starts";
    case step_kind::broker_down:
      return "broker_down";
    case step_kind::broker_up:
      return "broker_up";
    case step_kind::agent_cut:
      return "agent_cut";
    case step_kind::agent_back:
      return "agent_back";
    case step_kind::agent_stop:
      return "agent_stop";
    case step_kind::agent_start:
      return "agent_start";
    case step_kind::fsd_request:
      return "fsd_request";
    case step_kind::clear_state:
      return "clear_state";
    case step_kind::sync_lost:
      break;
  }
  return "sync_lost";
}

}  // namespace

std::string ups_id(int index) {
  return fmt::format("u{}", index + 1);
}

step advance(ms d) {
  step s;
  s.duration = d;
  return s;
}

step status(int ups, std::vector<std::string> tokens, delivery how) {
  step s;
  s.kind = step_kind::status;
  s.ups = ups;
  s.tokens = std::move(tokens);
  s.how = how;
  return s;
}

step act(step_kind kind, int ups) {
  step s;
  s.kind = kind;
  s.ups = ups;
  return s;
}

step broker_up(bool persistence, bool agent_first) {
  step s;
  s.kind = step_kind::broker_up;
  s.flag = persistence;
  s.agent_first = agent_first;
  return s;
}

void showValue(const scenario_config& c, std::ostream& os) {
  std::vector<std::string> monitor;
  for (const auto& m : c.monitor)
    monitor.push_back(fmt::format("{}:{}", m.ups, m.power_value));
  auto or_never = [](const std::optional<ms>& d) {
    return d ? fmt::format("{}ms", d->count()) : std::string("never");
  };
  os << fmt::format(
      "config: {} UPS, monitor [{}], min_supplies {}, deadtime {}ms, final_delay {}ms, "
      "off_duration {}, over_duration {}, oblb_duration {}ms, alarm_critical {}, "
      "wait_for_primary {}ms\n",
      c.ups_count, fmt::join(monitor, " "), c.min_supplies, c.deadtime.count(),
      c.final_delay.count(), or_never(c.off_duration), or_never(c.over_duration),
      c.oblb_duration.count(), c.alarm_critical, c.wait_for_primary.count());
  for (const auto& r : c.rules)
    os << "  " << describe(r) << "\n";
}

void showValue(const step& s, std::ostream& os) {
  switch (s.kind) {
    case step_kind::advance:
      os << fmt::format("advance({}ms)", s.duration.count());
      return;
    case step_kind::status: {
      std::vector<std::string> quoted;
      for (const auto& t : s.tokens)
        quoted.push_back("\"" + t + "\"");
      os << fmt::format("status({}, {{{}}}, {{{}, {}, {}}})", s.ups, fmt::join(quoted, ", "),
                        s.how.events_first, s.how.duplicate_event, s.how.repeat_state);
      return;
    }
    case step_kind::broker_up:
      os << fmt::format("broker_up({}, {})", s.flag, s.agent_first);
      return;
    case step_kind::ups_lost:
    case step_kind::ups_back:
    case step_kind::bridge_dies:
    case step_kind::bridge_starts:
    case step_kind::broker_down:
    case step_kind::agent_cut:
    case step_kind::agent_back:
    case step_kind::agent_stop:
    case step_kind::agent_start:
    case step_kind::fsd_request:
    case step_kind::clear_state:
    case step_kind::sync_lost:
      break;
  }
  os << fmt::format("act(step_kind::{}, {})", kind_name(s.kind), s.ups);
}

void showValue(const scenario& s, std::ostream& os) {
  showValue(s.config, os);
  for (const auto& st : s.steps) {
    os << "  ";
    showValue(st, os);
    os << ",\n";
  }
}

}  // namespace nutmqtt::agent::property
