#include "bridge/shutdown/agent_registry.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/event_message.hpp"
#include "common/json_fields.hpp"

namespace nutmqtt::bridge {

bool agent_registry::update(const std::string& agent, std::string_view payload) {
  if (payload.empty()) {
    agents_.erase(agent);
    return true;
  }
  std::string why;
  auto parsed = common::json_fields::parse_object(payload, common::kMaxPayloadBytes, why);
  if (!parsed) return false;
  const auto& j = *parsed;
  auto online = j.find("online");
  if (online == j.end() || !online->is_boolean()) return false;
  agent_report r;
  r.online = online->get<bool>();
  if (auto s = j.find("shutting_down"); s != j.end() && s->is_boolean()) r.shutting_down = *s;
  if (auto m = j.find("monitored"); m != j.end() && m->is_array()) {
    for (const auto& ups : *m) {
      if (ups.is_string()) r.monitored.push_back(ups.get<std::string>());
    }
  }
  if (auto known = agents_.find(agent); known != agents_.end() && !r.online) {
    // A last will says little more than "gone": what the agent watched, and that it was
    // shutting down, stay known.
    if (r.monitored.empty()) r.monitored = known->second.monitored;
    r.shutting_down = r.shutting_down || known->second.shutting_down;
  }
  agents_[agent] = std::move(r);
  return true;
}

std::vector<std::string> agent_registry::online_watchers(const std::string& ups) const {
  std::vector<std::string> out;
  for (const auto& [id, r] : agents_) {
    bool watches = std::any_of(r.monitored.begin(), r.monitored.end(),
                               [&](const std::string& m) { return m == ups || m == "*"; });
    if (r.online && watches) out.push_back(id);
  }
  return out;
}

const agent_report* agent_registry::find(const std::string& agent) const {
  auto it = agents_.find(agent);
  return it == agents_.end() ? nullptr : &it->second;
}

}  // namespace nutmqtt::bridge
