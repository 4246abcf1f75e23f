#pragma once
// The entities of one UPS device, by kind. Each returns entities holding only their own keys;
// the shared ones are added by discovery_render.

#include <vector>

#include "common/topics.hpp"
#include "homeassistant/discovery/discovery_types.hpp"
#include "homeassistant/entities/entity_model.hpp"

namespace nutmqtt::ha {

struct ups_entity_context {
  const ups_snapshot& ups;
  const common::topic_scheme& topics;
  const std::string& bridge_availability;  // the bridge's availability topic
  key_registry& keys;
};

// "Status" (in words), the binary sensors read from the raw status tokens, and the event entity.
std::vector<entity_config> status_entities(const ups_entity_context& ctx);
// One sensor per variable the UPS reports.
std::vector<entity_config> variable_sensors(const ups_entity_context& ctx);
// One button per instant command.
std::vector<entity_config> command_buttons(const ups_entity_context& ctx);
// number / select / text per writable variable.
std::vector<entity_config> writable_controls(const ups_entity_context& ctx);

}  // namespace nutmqtt::ha
