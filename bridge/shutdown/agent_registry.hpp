#pragma once
// The shutdown agents the bridge has heard of, from their retained states on
// <base>/_agent/<id>/state: which UPSes each watches, whether it is online and whether it has
// started shutting its host down. Pure: payloads in, facts out.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::bridge {

struct agent_report {
  bool online = false;
  bool shutting_down = false;
  std::vector<std::string> monitored;  // UPS ids, "*" for all
};

class agent_registry {
 public:
  // Applies one state payload; an empty payload (cleared topic) forgets the agent. Returns
  // false for a payload that is not an agent state (ignored).
  bool update(const std::string& agent, std::string_view payload);

  // Agents that watch `ups` (by id or "*") and are online now.
  std::vector<std::string> online_watchers(const std::string& ups) const;
  const agent_report* find(const std::string& agent) const;

 private:
  std::map<std::string, agent_report> agents_;
};

}  // namespace nutmqtt::bridge
