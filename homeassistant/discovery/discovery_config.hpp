#pragma once
// The `homeassistant:` section of a configuration file, the same for every nutmqtt program
// that announces itself to Home Assistant:
//
//   homeassistant:
//     enabled: true
//     discovery_prefix: homeassistant     # Home Assistant's discovery prefix
//     discovery: device                   # or entity: one config message per entity
//     status_topic: homeassistant/status  # where Home Assistant announces its (re)starts

#include <yaml-cpp/yaml.h>

#include "common/config_reader.hpp"
#include "homeassistant/discovery/discovery_types.hpp"

namespace nutmqtt::ha {

// Reads the section of `root` (absent: discovery stays off); problems are reported on `root`.
void read_discovery_settings(common::map_reader& root, discovery_settings& out);

// The effective section for --check-config.
YAML::Node to_yaml(const discovery_settings& s);

}  // namespace nutmqtt::ha
