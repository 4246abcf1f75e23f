#pragma once
// The configuration files the benchmarks give nutmqtt-bridge and nutmqtt-shutdown-agent.
// Pure: settings in, YAML text out.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nutmqtt::bench {

inline constexpr const char* kBridgeId = "bench";
inline constexpr const char* kAgentId = "bench";
inline constexpr const char* kBaseTopic = "ups";

struct bridge_plan {
  std::string mqtt_url;
  std::vector<int> nut_ports;  // upsd servers on 127.0.0.1; every UPS of each is watched
  // Unset: the bridge's defaults.
  std::optional<std::string> status_interval;
  std::optional<std::string> vars_interval;
  bool homeassistant = false;
};

struct agent_plan {
  std::string mqtt_url;
  std::string cmdscript;
  std::vector<std::string> shutdown_command;  // never a real shutdown
  std::string control_socket;
  // upssched's `AT <event> * EXECUTE <command>`, one per pair.
  std::vector<std::pair<std::string, std::string>> execute = {{"ONBATT", "onbatt"},
                                                              {"ONLINE", "online"}};
};

std::string bridge_config_text(const bridge_plan& plan);
// The plan's EXECUTE rules (by default upssched's `AT ONBATT * EXECUTE onbatt` and
// `AT ONLINE * EXECUTE online`), all else default.
std::string agent_config_text(const agent_plan& plan);

}  // namespace nutmqtt::bench
