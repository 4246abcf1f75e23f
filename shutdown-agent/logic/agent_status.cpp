#include "shutdown-agent/logic/agent_status.hpp"

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

// The names of a set, no more than fit in the status text: the cost does not grow with the
// number of UPSes.
template <typename Set>
std::vector<std::string> first_of(const Set& names) {
  std::vector<std::string> out;
  std::size_t length = 0;
  for (const auto& n : names) {
    if (length > kMaxStatusText) break;
    length += n.size() + 2;
    out.push_back(n);
  }
  return out;
}

// The most pressing thing to say when no shutdown is pending.
std::string situation(const agent_logic& logic) {
  std::vector<std::string> critical;
  for (const auto& c : logic.critical())
    critical.push_back(c.ups);
  if (!critical.empty()) return listed("Critical", critical);
  if (!logic.silent_ups().empty()) return listed("No contact", first_of(logic.silent_ups()));
  if (!logic.on_battery_ups().empty())
    return listed("On battery", first_of(logic.on_battery_ups()));
  return logic.knowledge().any_line_state_known() ? "On line power" : "Waiting for UPS data";
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
