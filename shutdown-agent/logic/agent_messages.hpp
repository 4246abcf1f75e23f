#pragma once
// The JSON the agent publishes: its retained state on <base>/_agent/<id>/state and one message
// per action on <base>/_agent/<id>/event. Pure builders.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/time_format.hpp"
#include "shutdown-agent/logic/comm_tracker.hpp"
#include "shutdown-agent/logic/rule_engine.hpp"
#include "shutdown-agent/logic/supply_monitor.hpp"

namespace nutmqtt::agent {

using action_json = nlohmann::ordered_json;

// An action of the rule engine: {"action":"timer_started","timer":"power-off","seconds":60,...}
action_json outcome_action(const rule_outcome& o);
// A COMMBAD/COMMOK the agent raised itself: {"action":"commbad","ups":"nas","source":...}
action_json comm_action(const comm_change& c);

struct agent_snapshot {
  std::string agent;
  std::vector<std::string> monitored;  // configured ids ("*" included) and UPSes heard of
  std::vector<running_timer> timers;
  time_point now;  // for the timers' seconds left
  std::vector<critical_ups> critical;
  bool shutting_down = false;
  std::string shutdown_reason;
  bool dry_run = false;
  bool online = true;
  // For dashboards and Home Assistant (see agent_status).
  bool shutdown_pending = false;
  std::optional<std::chrono::milliseconds> shutdown_in;
  std::string state_text = "Offline";
  common::wall_clock::time_point time;
};

std::string agent_state_json(const agent_snapshot& s);

// Wraps an action with who did it and when.
std::string agent_event_json(action_json action, const std::string& agent, bool dry_run,
                             common::wall_clock::time_point time);

}  // namespace nutmqtt::agent
