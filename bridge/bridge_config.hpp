#pragma once
// nutmqtt-bridge's configuration: plain structs, read and validated in one place.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "bridge/nut/nut_connection.hpp"
#include "common/logging.hpp"
#include "common/mqtt_settings.hpp"
#include "common/secret.hpp"
#include "homeassistant/discovery/discovery_types.hpp"

namespace nutmqtt::bridge {

using std::chrono::milliseconds;

struct ups_config {
  std::string name;    // the UPS's name on upsd
  std::string id;      // its id on MQTT
  bool login = false;  // hold a LOGIN so the NUT primary waits for our agents
};

// What one server may cost the bridge at most (see nut::reply_limits for the reply limits).
// Set under `limits:` for every server, and under a server's own `limits:` for that one.
struct limit_settings {
  nut::reply_limits reply;
  std::size_t max_line_bytes = 8192;  // one reply line; upsd never sends more than 512
  // Requests written to the server per second (a burst of this many at once).
  unsigned max_requests_per_second = 1000;
  // How long a UPS missing from the server's LIST UPS is kept before it is forgotten.
  milliseconds forget_after = std::chrono::minutes(10);
};

struct server_config {
  nut_endpoint endpoint;
  std::string username;
  common::secret password;
  std::vector<ups_config> ups;  // empty: every UPS that LIST UPS returns
  std::string where;            // "nut[0]", for messages
  limit_settings limits;
};

struct poll_settings {
  milliseconds status_interval{500};
  milliseconds vars_interval{5000};
  milliseconds timeout{2000};
};

struct event_settings {
  milliseconds nocomm_interval = std::chrono::seconds(300);
  milliseconds replbatt_interval = std::chrono::hours(12);
  std::size_t queue_limit = 10000;
};

struct command_settings {
  std::vector<std::string> instcmd;  // allowed instant commands
  std::vector<std::string> set;      // allowed writable variables
};

struct shutdown_settings {
  // With `login: true`: how long the bridge keeps its LOGIN after FSD, waiting for the agents.
  milliseconds hostsync = std::chrono::seconds(60);
};

struct security_settings {
  std::string sign_key_file;
  common::secret sign_key;  // empty: payloads are not signed
};

struct bridge_config {
  std::string file;
  std::string id;
  common::mqtt_settings mqtt;
  std::vector<server_config> servers;
  limit_settings limits;  // the defaults of every server (each has its own copy)
  poll_settings poll;
  event_settings events;
  command_settings commands;
  security_settings security;
  shutdown_settings shutdown;
  ha::discovery_settings homeassistant;
  common::log_settings log;
};

// Reads and validates; throws common::config_error listing every problem.
bridge_config load_bridge_config(const std::string& file);
bridge_config parse_bridge_config(const std::string& yaml, const std::string& file_name);

// The effective configuration for --check-config, secrets masked.
YAML::Node to_yaml(const bridge_config& c);

}  // namespace nutmqtt::bridge
