#include "homeassistant/entities/abbreviations.hpp"

#include <string_view>
#include <unordered_map>

namespace nutmqtt::ha {
namespace {

using nlohmann::json;
using table = std::unordered_map<std::string_view, std::string_view>;

// The keys of the platforms nutmqtt uses and those shared by every entity.
const table& entity_keys() {
  static const table kKeys = {
      {"avty", "availability"},
      {"avty_mode", "availability_mode"},
      {"avty_t", "availability_topic"},
      {"avty_tpl", "availability_template"},
      {"cmd_t", "command_topic"},
      {"cmd_tpl", "command_template"},
      {"cmps", "components"},
      {"def_ent_id", "default_entity_id"},
      {"dev", "device"},
      {"dev_cla", "device_class"},
      {"e", "encoding"},
      {"en", "enabled_by_default"},
      {"ent_cat", "entity_category"},
      {"ent_pic", "entity_picture"},
      {"evt_typ", "event_types"},
      {"exp_aft", "expire_after"},
      {"frc_upd", "force_update"},
      {"ic", "icon"},
      {"json_attr_t", "json_attributes_topic"},
      {"json_attr_tpl", "json_attributes_template"},
      {"lrst_t", "last_reset_topic"},
      {"lrst_val_tpl", "last_reset_value_template"},
      {"o", "origin"},
      {"obj_id", "object_id"},
      {"off_dly", "off_delay"},
      {"ops", "options"},
      {"opt", "optimistic"},
      {"p", "platform"},
      {"pl_avail", "payload_available"},
      {"pl_not_avail", "payload_not_available"},
      {"pl_off", "payload_off"},
      {"pl_on", "payload_on"},
      {"pl_prs", "payload_press"},
      {"pl_rst", "payload_reset"},
      {"ptrn", "pattern"},
      {"ret", "retain"},
      {"stat_cla", "state_class"},
      {"stat_t", "state_topic"},
      {"stat_tpl", "state_template"},
      {"stat_val_tpl", "state_value_template"},
      {"sug_dsp_prc", "suggested_display_precision"},
      {"t", "topic"},
      {"uniq_id", "unique_id"},
      {"unit_of_meas", "unit_of_measurement"},
      {"val_tpl", "value_template"},
  };
  return kKeys;
}

const table& device_keys() {
  static const table kKeys = {
      {"cns", "connections"},   {"cu", "configuration_url"},
      {"ids", "identifiers"},   {"mf", "manufacturer"},
      {"mdl", "model"},         {"mdl_id", "model_id"},
      {"hw", "hw_version"},     {"sw", "sw_version"},
      {"sa", "suggested_area"}, {"sn", "serial_number"},
  };
  return kKeys;
}

const table& origin_keys() {
  static const table kKeys = {{"sw", "sw_version"}, {"url", "support_url"}};
  return kKeys;
}

json rename_keys(const json& obj, const table& keys) {
  json out = json::object();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    auto found = keys.find(it.key());
    out[found == keys.end() ? it.key() : std::string(found->second)] = it.value();
  }
  return out;
}

// "~/state" -> "<base>/state", "home/~" -> "home/<base>", for keys naming a topic.
void substitute_base(json& obj, const std::string& base) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string_view key = it.key();
    if (!it->is_string() || !(key.ends_with("topic") || key == "topic")) continue;
    auto value = it->get<std::string>();
    if (value.empty()) continue;
    if (value.front() == '~') value = base + value.substr(1);
    if (value.back() == '~') value = value.substr(0, value.size() - 1) + base;
    *it = value;
  }
}

json expand_entity(const json& payload) {
  json out = rename_keys(payload, entity_keys());
  std::string base;
  if (auto b = out.find("~"); b != out.end() && b->is_string()) {
    base = b->get<std::string>();
    out.erase("~");
    substitute_base(out, base);
  }
  // operator[] rather than find(): GCC's -Wnull-dereference misreads assignments through
  // nlohmann iterators.
  if (out.contains("device") && out["device"].is_object()) {
    out["device"] = rename_keys(out["device"], device_keys());
  }
  if (out.contains("origin") && out["origin"].is_object()) {
    out["origin"] = rename_keys(out["origin"], origin_keys());
  }
  if (out.contains("availability") && out["availability"].is_array()) {
    json entries = json::array();
    for (const auto& entry : out["availability"]) {
      if (!entry.is_object()) {
        entries.push_back(entry);
        continue;
      }
      json renamed = rename_keys(entry, entity_keys());
      if (!base.empty()) substitute_base(renamed, base);
      entries.push_back(std::move(renamed));
    }
    out["availability"] = std::move(entries);
  }
  return out;
}

}  // namespace

json expand_abbreviations(const json& payload) {
  if (!payload.is_object()) return payload;
  json out = expand_entity(payload);
  if (out.contains("components") && out["components"].is_object()) {
    json components = json::object();
    for (const auto& [key, component] : out["components"].items()) {
      components[key] = component.is_object() ? expand_entity(component) : component;
    }
    out["components"] = std::move(components);
  }
  return out;
}

}  // namespace nutmqtt::ha
