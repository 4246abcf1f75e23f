#pragma once
// The `homeassistant:` configuration section, read the same way by the bridge and the agent.

#include <yaml-cpp/yaml.h>

#include "homeassistant/discovery_types.hpp"

namespace nutmqtt::common {
class map_reader;
}

namespace nutmqtt::ha {

// homeassistant: { enabled, discovery_prefix, discovery: device|entity, status_topic }
void read_discovery_settings(common::map_reader& root, discovery_settings& out);

YAML::Node to_yaml(const discovery_settings& s);

}  // namespace nutmqtt::ha
