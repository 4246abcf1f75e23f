#pragma once
// Names Home Assistant keeps forever: discovery topic levels, unique ids, device identifiers
// and default entity ids. All are derived from stable facts (bridge id, UPS id, serial, NUT
// names), never from display names, so that they survive restarts and renames of labels.

#include <string>
#include <string_view>

namespace nutmqtt::ha {

// `origin.name` on every payload; with the bridge's device identifier it tells this program's
// retained configs apart from everybody else's.
inline constexpr std::string_view kOriginName = "nutmqtt";

// Lower-case [a-z0-9_], single underscores, none at either end: what an entity id may hold.
// "input.L1-N.voltage" -> "input_l1_n_voltage". Empty when nothing usable is left.
std::string entity_slug(std::string_view text);

// One discovery topic level ([A-Za-z0-9_-]). `text` itself when it already fits; otherwise its
// readable form plus a hash of the original, so that "nas.1" and "nas_1" stay apart.
std::string topic_id(std::string_view text);

// 8 hex digits (FNV-1a), stable across runs and platforms.
std::string short_hash(std::string_view text);

// "nutmqtt-bridge/<bridge id>": the bridge device's identifier, also the UPS devices' via_device.
std::string bridge_device_identifier(std::string_view bridge_id);

// Discovery node ids (the <node_id> level, or the device-based <object_id>). The bridge's own
// starts differently ("nutmqtt-bridge_") so it can never equal a UPS's ("nutmqtt_").
std::string bridge_node_id(std::string_view bridge_id);
std::string ups_node_id(std::string_view bridge_id, std::string_view ups_id);

}  // namespace nutmqtt::ha
