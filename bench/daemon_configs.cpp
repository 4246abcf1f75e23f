#include "bench/daemon_configs.hpp"

#include <yaml-cpp/yaml.h>

namespace nutmqtt::bench {

std::string bridge_config_text(const bridge_plan& plan) {
  YAML::Node root;
  root["bridge"]["id"] = kBridgeId;
  root["mqtt"]["url"] = plan.mqtt_url;
  root["mqtt"]["base_topic"] = kBaseTopic;
  for (int port : plan.nut_ports) {
    YAML::Node server;
    server["host"] = "127.0.0.1";
    server["port"] = port;
    root["nut"].push_back(server);
  }
  if (plan.status_interval) root["poll"]["status_interval"] = *plan.status_interval;
  if (plan.vars_interval) root["poll"]["vars_interval"] = *plan.vars_interval;
  if (plan.homeassistant) root["homeassistant"]["enabled"] = true;
  root["log"]["level"] = "info";
  return YAML::Dump(root) + "\n";
}

std::string agent_config_text(const agent_plan& plan) {
  YAML::Node root;
  root["agent"]["id"] = kAgentId;
  root["mqtt"]["url"] = plan.mqtt_url;
  root["mqtt"]["base_topic"] = kBaseTopic;
  root["cmdscript"] = plan.cmdscript;
  for (const auto& [event, command] : plan.execute) {
    YAML::Node rule;
    rule["at"] = event;
    rule["ups"] = "*";
    rule["execute"] = command;
    root["rules"].push_back(rule);
  }
  for (const auto& word : plan.shutdown_command)
    root["shutdown"]["command"].push_back(word);
  root["notify"]["syslog"] = false;
  root["control_socket"] = plan.control_socket;
  root["log"]["level"] = "info";
  return YAML::Dump(root) + "\n";
}

}  // namespace nutmqtt::bench
