// The read-only entities of a UPS: its status, status flags, events and variables.

#include <array>

#include <fmt/format.h>

#include "common/event_types.hpp"
#include "homeassistant/discovery/discovery_ids.hpp"
#include "homeassistant/entities/ups_entities.hpp"
#include "homeassistant/variables/variable_metadata.hpp"

namespace nutmqtt::ha {
namespace {

using nlohmann::json;

struct status_flag {
  std::string_view key;
  std::string_view name;
  std::string_view token;
  std::string_view device_class;
};

// ON when the token is in ups.status; device classes read as Home Assistant shows them
// (power ON = mains present, battery ON = low, problem ON = needs attention).
constexpr std::array<status_flag, 7> kFlags = {{
    {"mains_power", "Mains power", "OL", "power"},
    {"low_battery", "Low battery", "LB", "battery"},
    {"charging", "Charging", "CHRG", "battery_charging"},
    {"replace_battery", "Replace battery", "RB", "problem"},
    {"overload", "Overload", "OVER", "problem"},
    {"bypass", "On bypass", "BYPASS", "problem"},
    {"forced_shutdown", "Forced shutdown", "FSD", "safety"},
}};

entity_config flag_sensor(const ups_entity_context& ctx, const status_flag& f) {
  json fields = {
      {"name", f.name},
      {"state_topic", ctx.topics.status(ctx.ups.id)},
      {"device_class", f.device_class},
      // Split on blanks so that "OL" does not match inside another token.
      {"value_template",
       fmt::format("{{{{ 'ON' if '{}' in value.split() else 'OFF' }}}}", f.token)},
  };
  return {"binary_sensor", ctx.keys.claim(f.key, fmt::format("flag:{}", f.key)), std::move(fields),
          std::nullopt};
}

entity_config event_entity(const ups_entity_context& ctx) {
  json types = json::array();
  for (auto t : common::all_event_types())
    types.push_back(common::event_name(t));
  json fields = {
      {"name", "Event"},
      {"state_topic", ctx.topics.event(ctx.ups.id)},
      {"event_types", std::move(types)},
      {"icon", "mdi:bell-alert"},
  };
  // COMMBAD and NOCOMM arrive while the UPS is offline: the event entity depends on the
  // bridge alone, or it would be unavailable exactly when those events matter.
  return {"event", ctx.keys.claim("event", "fixed:event"), std::move(fields),
          availability_list({ctx.bridge_availability})};
}

json sensor_fields(const variable_metadata& m, std::string state_topic) {
  json fields = {{"name", m.name}, {"state_topic", std::move(state_topic)}};
  if (!m.device_class.empty()) fields["device_class"] = m.device_class;
  if (!m.unit.empty()) fields["unit_of_measurement"] = m.unit;
  if (!m.state_class.empty()) fields["state_class"] = m.state_class;
  if (m.display_precision) fields["suggested_display_precision"] = *m.display_precision;
  if (!m.icon.empty()) fields["icon"] = m.icon;
  if (m.diagnostic) fields["entity_category"] = "diagnostic";
  if (!m.enabled_by_default) fields["enabled_by_default"] = false;
  return fields;
}

}  // namespace

std::vector<entity_config> status_entities(const ups_entity_context& ctx) {
  std::vector<entity_config> out;
  json status = {
      {"name", "Status"},
      {"state_topic", ctx.topics.status_text(ctx.ups.id)},
      {"icon", "mdi:information-outline"},
  };
  out.push_back(
      {"sensor", ctx.keys.claim("status", "fixed:status"), std::move(status), std::nullopt});
  for (const auto& f : kFlags)
    out.push_back(flag_sensor(ctx, f));
  out.push_back(event_entity(ctx));
  return out;
}

std::vector<entity_config> variable_sensors(const ups_entity_context& ctx) {
  std::vector<entity_config> out;
  for (const auto& [name, value] : ctx.ups.vars) {
    // The bridge publishes only names that can be a topic level; others have no state topic.
    if (!common::is_topic_level(name)) continue;
    auto meta = describe_variable(name, value);
    out.push_back({"sensor", ctx.keys.claim(entity_slug(name), "var:" + name),
                   sensor_fields(meta, ctx.topics.var(ctx.ups.id, name)), std::nullopt});
  }
  return out;
}

}  // namespace nutmqtt::ha
