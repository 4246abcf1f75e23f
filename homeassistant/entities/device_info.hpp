#pragma once
// The Home Assistant device blocks: one per UPS (identity from its serial when usable, facts from
// the variables it reports) and one for the bridge, which every UPS device is `via_device` of.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "homeassistant/discovery/discovery_types.hpp"

namespace nutmqtt::ha {

std::string trim_spaces(std::string_view text);

// A serial worth identifying a device by: after trimming, not empty, "unknown", "blank", "none",
// "n/a", all zeros, or without a single letter or digit (placeholders such as "....").
bool is_usable_serial(std::string_view serial);

// The first usable of device.serial and ups.serial, trimmed.
std::optional<std::string> usable_serial(const std::map<std::string, std::string>& vars);

// "00 20 85 F9 0A 9E", "00-20-85-f9-0a-9e", "002085F90A9E" -> "00:20:85:f9:0a:9e".
std::optional<std::string> normalize_mac(std::string_view text);

// The UPS device's identifier, stable across restarts: "nutmqtt-sn/<serial>" when the serial is
// usable (the UPS keeps its history when it moves to another server or id), otherwise
// "nutmqtt/<bridge id>/<UPS id>". Its entities' unique ids start with it.
std::string ups_device_identifier(const ups_snapshot& ups, std::string_view bridge_id);

// The device name: the UPS description, else its id; the next candidate whenever one of
// `entity_names` would start with it (Home Assistant warns about names repeating the device's).
std::string ups_device_name(const ups_snapshot& ups, const std::vector<std::string>& entity_names);

nlohmann::json ups_device_block(const ups_snapshot& ups, const bridge_identity& bridge,
                                const std::string& name);
nlohmann::json bridge_device_block(const bridge_identity& bridge);

// True when `entity_name` starts with `device_name` as a word (case-insensitive), as Home
// Assistant would show "<device> <device> ...".
bool repeats_device_name(std::string_view entity_name, std::string_view device_name);

}  // namespace nutmqtt::ha
