#include "homeassistant/discovery/discovery_builder.hpp"

#include "homeassistant/discovery/discovery_ids.hpp"
#include "homeassistant/discovery/discovery_render.hpp"
#include "homeassistant/entities/device_info.hpp"
#include "homeassistant/entities/ups_entities.hpp"

namespace nutmqtt::ha {
namespace {

using nlohmann::json;

void append(std::vector<entity_config>& to, std::vector<entity_config> from) {
  for (auto& e : from)
    to.push_back(std::move(e));
}

std::vector<std::string> names_of(const std::vector<entity_config>& entities) {
  std::vector<std::string> names;
  names.reserve(entities.size());
  for (const auto& e : entities)
    names.push_back(e.fields.value("name", std::string()));
  return names;
}

// The UPS's entity ids start with its id ("sensor.nas_battery_charge"); "ups" when the id has
// nothing an entity id can use.
std::string entity_id_stem(const std::string& ups_id) {
  auto slug = entity_slug(ups_id);
  return slug.empty() ? std::string("ups") : slug;
}

}  // namespace

std::vector<discovery_message> build_ups_discovery(const ups_snapshot& ups,
                                                   const bridge_identity& bridge,
                                                   const discovery_settings& settings,
                                                   const common::topic_scheme& topics) {
  key_registry keys;
  const auto bridge_availability = topics.bridge_availability(bridge.id);
  const ups_entity_context ctx{ups, topics, bridge_availability, keys};
  device_config device;
  // Order matters only for key clashes: fixed entities claim their keys first.
  append(device.entities, status_entities(ctx));
  append(device.entities, variable_sensors(ctx));
  append(device.entities, command_buttons(ctx));
  append(device.entities, writable_controls(ctx));
  device.node_id = ups_node_id(bridge.id, ups.id);
  device.identifier = ups_device_identifier(ups, bridge.id);
  device.entity_id_stem = entity_id_stem(ups.id);
  device.device = ups_device_block(ups, bridge, ups_device_name(ups, names_of(device.entities)));
  // Both must say "online": the bridge (its last will says "offline") and the UPS (offline
  // while upsd answers errors, DATA-STALE or DRIVER-NOT-CONNECTED).
  device.availability = availability_list({bridge_availability, topics.availability(ups.id)});
  return render(device, bridge, settings);
}

std::vector<discovery_message> build_bridge_discovery(const bridge_identity& bridge,
                                                      const discovery_settings& settings,
                                                      const common::topic_scheme& topics) {
  device_config device;
  device.node_id = bridge_node_id(bridge.id);
  device.identifier = bridge_device_identifier(bridge.id);
  device.entity_id_stem = "nutmqtt_bridge_" + entity_slug(bridge.id);
  device.device = bridge_device_block(bridge);
  const auto availability_topic = topics.bridge_availability(bridge.id);
  // The connectivity sensor shows that very topic; made unavailable by it, it could never
  // show "disconnected". So it has no availability, and the device none to inherit.
  json connectivity = {{"name", "Connectivity"},         {"state_topic", availability_topic},
                       {"payload_on", "online"},         {"payload_off", "offline"},
                       {"device_class", "connectivity"}, {"entity_category", "diagnostic"}};
  json version = {{"name", "Version"},
                  {"state_topic", topics.bridge_info(bridge.id)},
                  {"value_template", "{{ value_json['version'] }}"},
                  {"icon", "mdi:tag"},
                  {"entity_category", "diagnostic"}};
  device.entities.push_back({"binary_sensor", "connectivity", std::move(connectivity), json()});
  device.entities.push_back(
      {"sensor", "version", std::move(version), availability_list({availability_topic})});
  return render(device, bridge, settings);
}

}  // namespace nutmqtt::ha
