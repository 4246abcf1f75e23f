#pragma once
// Internal to ha_validator: the per-platform rules and what they share.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/ha_validator.hpp"

namespace nutmqtt::test::ha_detail {

using nlohmann::json;

struct check_context {
  std::string topic;
  std::string key_prefix;  // "" for a per-entity config, "cmps.<key>." inside a device config
  const std::map<std::string, std::string>& states;
  std::vector<ha_violation>& out;

  void fail(std::string_view key, std::string problem) const {
    out.push_back({topic, key_prefix + std::string(key), std::move(problem)});
  }
};

using name_set = std::set<std::string, std::less<>>;
// device class -> what it allows; a class absent from the table is not restricted
using class_table = std::map<std::string, name_set, std::less<>>;

const name_set& sensor_classes();
const name_set& binary_sensor_classes();
const class_table& class_units();          // "" stands for "no unit"
const class_table& class_state_classes();  // an empty set: no state class at all

bool is_known_platform(std::string_view platform);

// Rules of one platform for one entity config (abbreviations expanded, inherited keys merged).
void check_platform(const check_context& ctx, const std::string& platform, const json& cfg);

// The state the entity will show for the current payload on its state topic, when the payload
// is known and the template (if any) is one of the simple forms this validator can evaluate:
// {{ value_json['key'] }} and {{ 'ON' if 'TOKEN' in value.split() else 'OFF' }}.
std::optional<std::string> current_state(const check_context& ctx, const json& cfg);

std::string string_at(const json& obj, const char* key);

}  // namespace nutmqtt::test::ha_detail
