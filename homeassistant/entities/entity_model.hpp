#pragma once
// The builder's intermediate form: a device and its entities, each entity holding only the keys
// of its own platform. discovery_render adds what every payload shares (unique_id,
// default_entity_id, availability, device, origin) in one place, for either discovery mode.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace nutmqtt::ha {

struct entity_config {
  std::string platform;   // "sensor", "binary_sensor", "event", "button", "number", ...
  std::string key;        // unique within the device: topic level, unique_id and entity id part
  nlohmann::json fields;  // the platform's own keys ("name", "state_topic", ...)
  // nullopt: the device's availability; null: none at all (an entity that reports the very
  // topic the others depend on); a list: its own.
  std::optional<nlohmann::json> availability;
};

struct device_config {
  std::string node_id;          // discovery topic level for this device
  std::string identifier;       // device identifier, stem of every unique_id
  std::string entity_id_stem;   // "nas" -> "sensor.nas_battery_charge"
  nlohmann::json device;        // the `device` block
  nlohmann::json availability;  // list shared by the entities; null for none
  std::vector<entity_config> entities;
};

// Hands out entity keys unique within one device. A key already taken (two NUT names that
// slug alike, "a.b" and "a_b") gets a hash of the name that asked for it, so the result only
// depends on the names, not on timing.
class key_registry {
 public:
  std::string claim(std::string_view wanted, std::string_view source);

 private:
  std::map<std::string, std::string, std::less<>> taken_;  // key -> source
};

// {"topic": t} per topic: the bridge publishes "online"/"offline", Home Assistant's defaults.
nlohmann::json availability_list(const std::vector<std::string>& topics);

}  // namespace nutmqtt::ha
