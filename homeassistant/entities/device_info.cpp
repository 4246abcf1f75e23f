#include "homeassistant/entities/device_info.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "common/ascii.hpp"
#include "homeassistant/discovery/discovery_ids.hpp"

namespace nutmqtt::ha {
namespace {

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = common::ascii_lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The first variable of `names` whose trimmed value is not empty.
std::optional<std::string> first_of(const std::map<std::string, std::string>& vars,
                                    std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) continue;
    auto value = trim_spaces(it->second);
    if (!value.empty()) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return std::string(text);
}

bool is_usable_serial(std::string_view serial) {
  const auto s = trim_spaces(serial);
  static constexpr std::array<std::string_view, 5> kPlaceholders = {"unknown", "blank", "none",
                                                                    "n/a", "null"};
  for (auto p : kPlaceholders) {
    if (common::ascii_iequals(s, p)) return false;
  }
  const bool has_alnum = std::any_of(s.begin(), s.end(), is_alnum);
  const bool all_zeros = std::all_of(s.begin(), s.end(), [](char c) { return c == '0'; });
  return has_alnum && !all_zeros;
}

std::optional<std::string> usable_serial(const std::map<std::string, std::string>& vars) {
  for (const char* name : {"device.serial", "ups.serial"}) {
    auto it = vars.find(name);
    if (it != vars.end() && is_usable_serial(it->second)) return trim_spaces(it->second);
  }
  return std::nullopt;
}

std::optional<std::string> normalize_mac(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c == ' ' || c == ':' || c == '-' || c == '.') continue;
    if (hex_value(c) < 0) return std::nullopt;
    digits.push_back(common::ascii_lower(c));
  }
  if (digits.size() != 12) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < 12; i += 2) {
    if (!out.empty()) out.push_back(':');
    out.append(digits, i, 2);
  }
  return out;
}

std::string ups_device_identifier(const ups_snapshot& ups, std::string_view bridge_id) {
  if (auto serial = usable_serial(ups.vars)) return "nutmqtt-sn/" + *serial;
  return fmt::format("nutmqtt/{}/{}", bridge_id, ups.id);
}

bool repeats_device_name(std::string_view entity_name, std::string_view device_name) {
  if (device_name.empty() || entity_name.size() < device_name.size()) return false;
  if (!common::ascii_iequals(entity_name.substr(0, device_name.size()), device_name)) return false;
  return entity_name.size() == device_name.size() || entity_name[device_name.size()] == ' ';
}

std::string ups_device_name(const ups_snapshot& ups, const std::vector<std::string>& entity_names) {
  const std::array<std::string, 4> candidates = {
      trim_spaces(ups.description), ups.id, "UPS " + ups.id,
      fmt::format("UPS {} ({})", ups.id, short_hash(ups.id))};
  for (const auto& candidate : candidates) {
    if (candidate.empty()) continue;
    bool clashes = std::any_of(entity_names.begin(), entity_names.end(), [&](const std::string& n) {
      return repeats_device_name(n, candidate);
    });
    if (!clashes) return candidate;
  }
  return candidates.back();
}

nlohmann::json ups_device_block(const ups_snapshot& ups, const bridge_identity& bridge,
                                const std::string& name) {
  nlohmann::json dev;
  dev["identifiers"] = nlohmann::json::array({ups_device_identifier(ups, bridge.id)});
  dev["name"] = name;
  dev["via_device"] = bridge_device_identifier(bridge.id);
  const auto& v = ups.vars;
  if (auto x = first_of(v, {"device.mfr", "ups.mfr"})) dev["manufacturer"] = *x;
  if (auto x = first_of(v, {"device.model", "ups.model"})) dev["model"] = *x;
  if (auto x = first_of(v, {"device.part"})) dev["model_id"] = *x;
  if (auto x = usable_serial(v)) dev["serial_number"] = *x;
  if (auto x = first_of(v, {"ups.firmware"})) dev["sw_version"] = *x;
  if (auto x = first_of(v, {"device.location"})) dev["suggested_area"] = *x;
  if (auto raw = first_of(v, {"device.macaddr"})) {
    if (auto mac = normalize_mac(*raw)) {
      dev["connections"] = nlohmann::json::array({nlohmann::json::array({"mac", *mac})});
    }
  }
  return dev;
}

nlohmann::json bridge_device_block(const bridge_identity& bridge) {
  nlohmann::json dev;
  dev["identifiers"] = nlohmann::json::array({bridge_device_identifier(bridge.id)});
  dev["name"] = "nutmqtt bridge " + bridge.id;
  dev["manufacturer"] = "nutmqtt";
  dev["model"] =
      bridge.host.empty() ? std::string("nutmqtt-bridge") : "nutmqtt-bridge on " + bridge.host;
  dev["sw_version"] = bridge.version;
  return dev;
}

}  // namespace nutmqtt::ha
