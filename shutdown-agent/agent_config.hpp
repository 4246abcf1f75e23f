#pragma once
// The shutdown agent's configuration (`nutmqtt-shutdown-agent -c FILE`), read and validated in
// one place: every problem of the file (and of an imported upssched.conf) at once.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/config_reader.hpp"
#include "common/logging.hpp"
#include "common/mqtt_settings.hpp"
#include "homeassistant/discovery/discovery_types.hpp"
#include "shutdown-agent/logic/message_guard.hpp"
#include "shutdown-agent/logic/rule.hpp"
#include "shutdown-agent/logic/supply_monitor.hpp"
#include "shutdown-agent/notify/notify_settings.hpp"

namespace nutmqtt::agent {

inline constexpr const char* kDefaultControlSocket = "/run/nutmqtt/shutdown-agent.sock";

struct agent_config {
  std::string file;
  std::string id;  // topic-safe; default: the host name
  common::mqtt_settings mqtt;
  supply_settings supplies;  // monitor, min_supplies, the critical: section
  std::string cmdscript;
  std::chrono::milliseconds script_timeout = std::chrono::seconds(60);
  std::string upssched_conf;
  std::vector<rule> rules;  // imported AT lines first, then `rules:`
  std::vector<std::string> shutdown_command = {"/sbin/shutdown", "-h", "now"};
  std::chrono::milliseconds final_delay = std::chrono::seconds(5);
  // After the shutdown command ran, the agent leaves (its farewell on MQTT, then it exits) this
  // much later - upsmon's SHUTDOWNEXIT; nullopt: it waits to be stopped.
  std::optional<std::chrono::milliseconds> exit_after = std::chrono::milliseconds(0);
  std::vector<std::string> shutdown_timers;  // timers whose script shuts the host down
  notify_settings notify;                    // notify.syslog, wall, messages, flags, command
  // limits.max_ups: with monitor "*", the most UPS ids tracked at once (more are ignored).
  std::size_t max_ups = 256;
  std::string control_socket = kDefaultControlSocket;
  std::string state_file;       // default: shutdown-agent.state next to the control socket
  std::string verify_key_file;  // security.verify_key_file
  guard_settings security;      // its key (empty: payloads need no signature), max_skew
  ha::discovery_settings homeassistant;
  common::log_settings log;
  std::vector<std::string> notes;     // informational lines to log at start
  std::vector<std::string> warnings;  // accepted, but likely mistakes
};

// Reads and validates `path`; throws common::config_error listing every problem.
agent_config load_agent_config(const std::string& path);

// The same from text already loaded by `source` (for tests and --check-config).
agent_config read_agent_config(common::config_source& source, const YAML::Node& root);

// The effective configuration, secrets masked, for --check-config.
YAML::Node to_yaml(const agent_config& c);

}  // namespace nutmqtt::agent
