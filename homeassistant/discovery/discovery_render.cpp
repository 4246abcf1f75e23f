#include "homeassistant/discovery/discovery_render.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/version.hpp"
#include "homeassistant/discovery/discovery_ids.hpp"

namespace nutmqtt::ha {
namespace {

using nlohmann::json;

// NUT values are not guaranteed to be UTF-8; a stray byte must not make dump() throw.
std::string serialize(const json& payload) {
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool uses_device_availability(const entity_config& e) {
  return !e.availability.has_value();
}

// The keys an entity shares with every other one, whatever its platform.
json shared_fields(const device_config& device, const entity_config& e) {
  json out = e.fields;
  out["unique_id"] = fmt::format("{}/{}", device.identifier, e.key);
  out["default_entity_id"] =
      fmt::format("{}.{}", e.platform, entity_slug(device.entity_id_stem + "_" + e.key));
  return out;
}

void add_availability(json& out, const json& availability) {
  if (availability.is_null()) return;
  out["availability"] = availability;
  out["availability_mode"] = "all";
}

std::vector<discovery_message> render_entities(const device_config& device, const json& origin,
                                               const discovery_settings& settings) {
  std::vector<discovery_message> out;
  out.reserve(device.entities.size());
  for (const auto& e : device.entities) {
    json payload = shared_fields(device, e);
    add_availability(payload, e.availability.value_or(device.availability));
    payload["device"] = device.device;
    payload["origin"] = origin;
    out.push_back(
        {fmt::format("{}/{}/{}/{}/config", settings.prefix, e.platform, device.node_id, e.key),
         serialize(payload)});
  }
  return out;
}

discovery_message render_device(const device_config& device, const json& origin,
                                const discovery_settings& settings) {
  // Availability at the root is inherited by every component; it can only go there when no
  // component needs a different one (the bridge's connectivity sensor must have none).
  const bool shared =
      !device.availability.is_null() &&
      std::all_of(device.entities.begin(), device.entities.end(), uses_device_availability);
  json payload;
  payload["dev"] = device.device;
  payload["o"] = origin;
  if (shared) add_availability(payload, device.availability);
  json components = json::object();
  for (const auto& e : device.entities) {
    json c = shared_fields(device, e);
    c["p"] = e.platform;
    if (!shared) add_availability(c, e.availability.value_or(device.availability));
    components[e.key] = std::move(c);
  }
  payload["cmps"] = std::move(components);
  return {fmt::format("{}/device/{}/config", settings.prefix, device.node_id), serialize(payload)};
}

}  // namespace

std::string key_registry::claim(std::string_view wanted, std::string_view source) {
  std::string key(wanted.empty() ? "entity" : wanted);
  auto it = taken_.find(key);
  if (it != taken_.end() && it->second != source) key += "_" + short_hash(source);
  taken_.emplace(key, std::string(source));
  return key;
}

json availability_list(const std::vector<std::string>& topics) {
  json list = json::array();
  for (const auto& t : topics) {
    list.push_back(json::object({{"topic", t}}));
  }
  return list;
}

json origin_block(const bridge_identity& bridge) {
  return {{"name", kOriginName}, {"sw_version", bridge.version}, {"support_url", kProjectUrl}};
}

std::vector<discovery_message> render(const device_config& device, const bridge_identity& bridge,
                                      const discovery_settings& settings) {
  const json origin = origin_block(bridge);
  if (settings.discovery == discovery_settings::mode::device) {
    return {render_device(device, origin, settings)};
  }
  return render_entities(device, origin, settings);
}

}  // namespace nutmqtt::ha
