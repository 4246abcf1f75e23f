#pragma once
// Payloads and helpers shared by the validator's tests.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/ha_validator.hpp"

namespace nutmqtt::test::validator_cases {

using nlohmann::json;

inline const std::string kTopic = "homeassistant/sensor/node/battery_charge/config";

// A sensor config that breaks no rule; each test changes one thing.
inline json good_sensor() {
  return json::parse(R"({
    "name": "Battery charge", "unique_id": "u/battery_charge",
    "default_entity_id": "sensor.nas_battery_charge",
    "state_topic": "ups/nas/var/battery.charge",
    "device_class": "battery", "unit_of_measurement": "%", "state_class": "measurement",
    "suggested_display_precision": 0,
    "availability": [{"topic": "ups/_bridge/home/availability"}, {"topic": "ups/nas/availability"}],
    "availability_mode": "all",
    "device": {"identifiers": ["u"], "name": "nas"},
    "origin": {"name": "nutmqtt"}})");
}

// `base` with the keys of `changes` set, or removed where they are null.
inline json with(json base, const json& changes) {
  for (auto& [k, v] : changes.items()) {
    if (v.is_null()) {
      base.erase(k);
    } else {
      base[k] = v;
    }
  }
  return base;
}

inline std::vector<ha_violation> check(const std::map<std::string, json>& configs,
                                       const std::map<std::string, std::string>& states = {}) {
  std::map<std::string, std::string> raw;
  for (const auto& [t, p] : configs)
    raw[t] = p.is_string() ? p.get<std::string>() : p.dump();
  return validate_discovery(raw, states);
}

inline std::vector<ha_violation> check_one(const std::string& topic, const json& payload,
                                           const std::map<std::string, std::string>& states = {}) {
  return check({{topic, payload}}, states);
}

inline bool flags(const std::vector<ha_violation>& v, const std::string& key) {
  return std::any_of(v.begin(), v.end(), [&](const ha_violation& x) { return x.key == key; });
}

}  // namespace nutmqtt::test::validator_cases

// Checks that `violations` name `key`, printing them all when they do not.
#define CHECK_FLAGS(violations, key)                                  \
  do {                                                                \
    auto found_ = (violations);                                       \
    CHECK_MESSAGE(nutmqtt::test::validator_cases::flags(found_, key), \
                  nutmqtt::test::describe(found_));                   \
  } while (false)
