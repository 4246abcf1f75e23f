#pragma once
// What the agent's unit tests share: the instants they count from, a rule written as upssched
// would write its AT line, the scripts a step runs, and a configuration read from text with the
// problems it reported.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "common/config_reader.hpp"
#include "common/time_format.hpp"
#include "shutdown-agent/agent_config.hpp"
#include "shutdown-agent/logic/agent_logic.hpp"
#include "shutdown-agent/logic/rule.hpp"
#include "shutdown-agent/notify/notify_event.hpp"

namespace nutmqtt::agent::testing {

inline const time_point t0{};
inline const common::wall_clock::time_point w0 = *common::parse_time("2026-11-24T10:00:00Z");

inline rule make(std::string at, rule_action action, std::string name,
                 std::chrono::milliseconds after = std::chrono::milliseconds{0}) {
  rule r;
  r.at = std::move(at);
  r.action = action;
  r.name = std::move(name);
  r.after = after;
  return r;
}

// The arguments of the scripts an agent_logic step asks to run, in order.
inline std::vector<std::string> scripts(const logic_effects& e) {
  std::vector<std::string> out;
  for (const auto& s : e.scripts)
    out.push_back(s.argument);
  return out;
}

struct parsed {
  agent_config config;
  std::vector<common::config_problem> problems;
};

inline parsed parse(const std::string& text) {
  common::config_source src("agent.yaml");
  auto root = src.load_string(text);
  parsed p{read_agent_config(src, root), src.problems()};
  return p;
}

}  // namespace nutmqtt::agent::testing
