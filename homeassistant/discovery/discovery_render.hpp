#pragma once
// Turns a device_config into discovery messages, adding the keys every payload shares.

#include <vector>

#include "homeassistant/discovery/discovery_types.hpp"
#include "homeassistant/entities/entity_model.hpp"

namespace nutmqtt::ha {

// `origin` as sent on every payload.
nlohmann::json origin_block(const bridge_identity& bridge);

// Device mode: one message on <prefix>/device/<node_id>/config with dev, o and cmps.
// Entity mode: one message per entity on <prefix>/<platform>/<node_id>/<key>/config.
std::vector<discovery_message> render(const device_config& device, const bridge_identity& bridge,
                                      const discovery_settings& settings);

}  // namespace nutmqtt::ha
