#include "shutdown-agent/agent_status.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace nutmqtt::agent {
namespace {

std::string listed(std::string_view head, const std::vector<std::string>& names) {
  std::string out(head);
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? ": " : ", ") + names[i];
  return out;
}

// The most pressing thing to say when no shutdown is pending.
std::string situation(const agent_logic& logic) {
  std::vector<std::string> critical, silent, on_battery;
  for (const auto& c : logic.critical())
    critical.push_back(c.ups);
  bool any_known = false;
  for (const auto& ups : logic.monitored()) {
    if (ups == "*") continue;
    if (logic.comm_lost(ups)) silent.push_back(ups);
    auto battery = logic.knowledge().on_battery(ups);
    any_known = any_known || battery.has_value();
    if (battery.value_or(false)) on_battery.push_back(ups);
  }
  if (!critical.empty()) return listed("Critical", critical);
  if (!silent.empty()) return listed("No contact", silent);
  if (!on_battery.empty()) return listed("On battery", on_battery);
  return any_known ? "On line power" : "Waiting for UPS data";
}

}  // namespace

agent_status describe_status(const agent_logic& logic, time_point now) {
  agent_status s;
  const auto outlook = logic.outlook(now);
  if (outlook.pending) {
    s.shutdown_pending = true;
    const auto at = outlook.at.value_or(now);
    s.shutdown_in = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(at - now),
                             std::chrono::milliseconds(0));
    s.text =
        logic.shutting_down() ? std::string("Shutting down") : "Shutdown pending: " + outlook.cause;
  } else {
    s.text = situation(logic);
  }
  if (s.text.size() > kMaxStatusText) s.text = s.text.substr(0, kMaxStatusText - 3) + "...";
  return s;
}

}  // namespace nutmqtt::agent
