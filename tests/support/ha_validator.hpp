#pragma once
// Checks Home Assistant MQTT discovery configs against the rules Home Assistant enforces (see the
// project's Home Assistant reference): a config breaking one is refused or logs errors there.
// Tests run every config the bridge publishes through it.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::test {

struct ha_violation {
  std::string topic;    // the config topic
  std::string key;      // the offending key, "cmps.<component>.<key>" inside device configs
  std::string problem;  // what is wrong
};

std::string to_string(const ha_violation& v);
// One violation per line, for test failure messages.
std::string describe(const std::vector<ha_violation>& violations);

// `configs`: discovery topic -> payload (empty payloads, i.e. removals, are skipped).
// `states`: state topic -> current payload, for the rules that depend on the value an entity
// will receive (numeric sensors, select options, number range, text length); topics absent
// from it are not checked for those rules.
std::vector<ha_violation> validate_discovery(const std::map<std::string, std::string>& configs,
                                             const std::map<std::string, std::string>& states,
                                             std::string_view prefix = "homeassistant");

// Everything retained on a broker at once: topics under `prefix` ending in /config are configs,
// all others are states.
std::vector<ha_violation> validate_retained(const std::map<std::string, std::string>& retained,
                                            std::string_view prefix = "homeassistant");

}  // namespace nutmqtt::test
