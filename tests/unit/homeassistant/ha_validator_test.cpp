// The validator must catch every rule it encodes, or a passing builder test proves nothing.

#include "support/ha_validator.hpp"

#include <algorithm>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using nlohmann::json;
using nutmqtt::test::describe;
using nutmqtt::test::ha_violation;
using nutmqtt::test::validate_discovery;

namespace {

const std::string kTopic = "homeassistant/sensor/node/battery_charge/config";

json good_sensor() {
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

json with(json base, const json& changes) {
  for (auto& [k, v] : changes.items()) {
    if (v.is_null()) {
      base.erase(k);
    } else {
      base[k] = v;
    }
  }
  return base;
}

std::vector<ha_violation> check(const std::map<std::string, json>& configs,
                                const std::map<std::string, std::string>& states = {}) {
  std::map<std::string, std::string> raw;
  for (const auto& [t, p] : configs)
    raw[t] = p.is_string() ? p.get<std::string>() : p.dump();
  return validate_discovery(raw, states);
}

std::vector<ha_violation> check_one(const std::string& topic, const json& payload,
                                    const std::map<std::string, std::string>& states = {}) {
  return check({{topic, payload}}, states);
}

bool flags(const std::vector<ha_violation>& v, const std::string& key) {
  return std::any_of(v.begin(), v.end(), [&](const ha_violation& x) { return x.key == key; });
}

#define CHECK_FLAGS(violations, key)                     \
  do {                                                   \
    auto found_ = (violations);                          \
    CHECK_MESSAGE(flags(found_, key), describe(found_)); \
  } while (false)

}  // namespace

TEST_CASE("a correct config has no violations") {
  auto v = check_one(kTopic, good_sensor(), {{"ups/nas/var/battery.charge", "100"}});
  CHECK_MESSAGE(v.empty(), describe(v));
}

TEST_CASE("topic rules") {
  CHECK_FLAGS(check_one("homeassistant/sensor/node/battery.charge/config", good_sensor()), "topic");
  CHECK_FLAGS(check_one("homeassistant/sensor/config", good_sensor()), "topic");
  CHECK_FLAGS(check_one("homeassistant/sensor/a/b/c/config", good_sensor()), "topic");
  CHECK_FLAGS(check_one("other/sensor/node/x/config", good_sensor()), "topic");
  CHECK_FLAGS(check_one("homeassistant/sensor/no de/x/config", good_sensor()), "topic");
  CHECK_FLAGS(check_one("homeassistant/device/a/b/config", json::parse(R"({"dev":{}})")), "topic");
  CHECK_FLAGS(check_one("homeassistant/light/node/x/config", good_sensor()), "platform");
  CHECK_FLAGS(check_one(kTopic, json("not json")), "payload");
}

TEST_CASE("identity and naming rules") {
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"unique_id", nullptr}})), "unique_id");
  auto twice =
      check({{kTopic, good_sensor()}, {"homeassistant/sensor/node/other/config", good_sensor()}});
  CHECK_FLAGS(twice, "unique_id");
  json button = {{"name", "Mute"},
                 {"unique_id", "u/battery_charge"},
                 {"command_topic", "c"},
                 {"device", {{"identifiers", {"u"}}, {"name", "nas"}}},
                 {"origin", {{"name", "nutmqtt"}}}};
  auto other_platform =
      check({{kTopic, good_sensor()}, {"homeassistant/button/node/mute/config", button}});
  CHECK_MESSAGE(other_platform.empty(), describe(other_platform));  // unique per platform only
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"object_id", "x"}})), "object_id");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"default_entity_id", "binary_sensor.x"}})),
              "default_entity_id");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"default_entity_id", "sensor.Bad-Id"}})),
              "default_entity_id");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"name", "NAS battery charge"}})), "name");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"name", "nas"}})), "name");
}

TEST_CASE("device and origin rules") {
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"device", nullptr}})), "device");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"device", {{"name", "nas"}}}})), "device");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"device", {{"identifiers", {"u"}}}}})),
              "device.name");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"origin", nullptr}})), "origin");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"origin", json::object()}})), "origin");
}

TEST_CASE("availability rules") {
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"availability_topic", "x"}})),
              "availability");
  CHECK_FLAGS(
      check_one(kTopic, with(good_sensor(), {{"availability", {{{"payload_available", "on"}}}}})),
      "availability");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"availability", json::array()}})),
              "availability");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"availability_mode", "some"}})),
              "availability_mode");
}

TEST_CASE("entity category rules") {
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"entity_category", "system"}})),
              "entity_category");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"entity_category", "config"}})),
              "entity_category");
  auto binary = with(good_sensor(), {{"device_class", "power"},
                                     {"unit_of_measurement", nullptr},
                                     {"state_class", nullptr},
                                     {"suggested_display_precision", nullptr},
                                     {"entity_category", "config"}});
  CHECK_FLAGS(check_one("homeassistant/binary_sensor/n/x/config", binary), "entity_category");
  auto event = with(binary, {{"device_class", nullptr}, {"event_types", {"ONBATT"}}});
  CHECK_FLAGS(check_one("homeassistant/event/n/x/config", event), "entity_category");
}

TEST_CASE("templates must index NUT names and not walk them") {
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(),
                                     {{"value_template", "{{ value_json.battery.charge }}"}})),
              "value_template");
  auto ok = check_one(
      kTopic, with(good_sensor(), {{"value_template", "{{ value_json['battery.charge'] }}"}}));
  CHECK_MESSAGE(ok.empty(), describe(ok));
}

TEST_CASE("sensor rules: classes and units and state classes") {
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"state_topic", nullptr}})), "state_topic");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"device_class", "charge"}})), "device_class");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"device_class", "frequency"},
                                                     {"unit_of_measurement", "hz"}})),
              "unit_of_measurement");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"device_class", "voltage"},
                                                     {"unit_of_measurement", nullptr}})),
              "unit_of_measurement");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"device_class", "temperature"},
                                                     {"unit_of_measurement", "C"}})),
              "unit_of_measurement");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"state_class", "average"}})), "state_class");
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"state_class", "total_increasing"}})),
              "state_class");
  auto duration = with(good_sensor(), {{"device_class", "duration"},
                                       {"unit_of_measurement", "s"},
                                       {"state_class", "total_increasing"}});
  CHECK(check_one(kTopic, duration).empty());  // duration accepts any state class
  CHECK_FLAGS(check_one(kTopic, with(good_sensor(), {{"suggested_display_precision", -1}})),
              "suggested_display_precision");
}

TEST_CASE("sensor rules: enums") {
  auto plain = with(good_sensor(), {{"device_class", nullptr},
                                    {"unit_of_measurement", nullptr},
                                    {"state_class", nullptr},
                                    {"suggested_display_precision", nullptr}});
  CHECK_FLAGS(check_one(kTopic, with(plain, {{"device_class", "enum"}})), "options");
  auto e = with(plain, {{"device_class", "enum"}, {"options", {"on", "off"}}});
  CHECK(check_one(kTopic, e).empty());
  CHECK_FLAGS(check_one(kTopic, with(e, {{"unit_of_measurement", "%"}})), "unit_of_measurement");
  CHECK_FLAGS(check_one(kTopic, with(e, {{"state_class", "measurement"}})), "state_class");
  CHECK_FLAGS(check_one(kTopic, with(plain, {{"options", {"on"}}})), "options");
  CHECK_FLAGS(check_one(kTopic, e, {{"ups/nas/var/battery.charge", "dimmed"}}), "options");
}

TEST_CASE("sensor rules: a numeric sensor must receive numbers") {
  const std::map<std::string, std::string> text = {{"ups/nas/var/battery.charge", "LoadTooLow"}};
  CHECK_FLAGS(check_one(kTopic, good_sensor(), text), "state_topic");
  auto unit_only = with(good_sensor(), {{"device_class", nullptr},
                                        {"state_class", nullptr},
                                        {"suggested_display_precision", nullptr}});
  CHECK_FLAGS(check_one(kTopic, unit_only, text), "state_topic");
  auto precision_only =
      with(unit_only, {{"unit_of_measurement", nullptr}, {"suggested_display_precision", 1}});
  CHECK_FLAGS(check_one(kTopic, precision_only, text), "state_topic");
  auto via_template = with(
      good_sensor(),
      {{"state_topic", "ups/nas/state"}, {"value_template", "{{ value_json['battery.charge'] }}"}});
  CHECK_FLAGS(check_one(kTopic, via_template, {{"ups/nas/state", R"({"battery.charge":"n/a"})"}}),
              "state_topic");
  CHECK(check_one(kTopic, via_template, {{"ups/nas/state", R"({"battery.charge":100})"}}).empty());
  auto plain_text = with(unit_only, {{"unit_of_measurement", nullptr}});
  CHECK(check_one(kTopic, plain_text, text).empty());
}

TEST_CASE("binary sensor rules") {
  const std::string topic = "homeassistant/binary_sensor/n/mains/config";
  json b = {{"name", "Mains power"},
            {"unique_id", "u/mains"},
            {"state_topic", "ups/nas/status"},
            {"device_class", "power"},
            {"value_template", "{{ 'ON' if 'OL' in value.split() else 'OFF' }}"},
            {"device", {{"identifiers", {"u"}}, {"name", "nas"}}},
            {"origin", {{"name", "nutmqtt"}}}};
  CHECK(check_one(topic, b, {{"ups/nas/status", "OL CHRG"}}).empty());
  CHECK_FLAGS(check_one(topic, with(b, {{"device_class", "mains"}})), "device_class");
  CHECK_FLAGS(check_one(topic, with(b, {{"state_topic", nullptr}})), "state_topic");
  CHECK_FLAGS(check_one(topic, with(b, {{"value_template", nullptr}}), {{"ups/nas/status", "OL"}}),
              "payload_on");
  CHECK(check_one(topic, with(b, {{"value_template", nullptr}, {"payload_on", "OL"}}),
                  {{"ups/nas/status", "OL"}})
            .empty());
}

TEST_CASE("button and number and select and text and event rules") {
  json base = {{"name", "X"},
               {"unique_id", "u/x"},
               {"command_topic", "ups/nas/cmd/set/x"},
               {"state_topic", "ups/nas/var/x"},
               {"device", {{"identifiers", {"u"}}, {"name", "nas"}}},
               {"origin", {{"name", "nutmqtt"}}}};
  const std::string button = "homeassistant/button/n/x/config";
  CHECK_FLAGS(check_one(button, with(base, {{"command_topic", nullptr}})), "command_topic");
  CHECK_FLAGS(check_one(button, with(base, {{"device_class", "power"}})), "device_class");
  CHECK(check_one(button, with(base, {{"entity_category", "config"}})).empty());

  const std::string number = "homeassistant/number/n/x/config";
  CHECK(check_one(number, base, {{"ups/nas/var/x", "50"}}).empty());  // defaults 1..100
  CHECK_FLAGS(check_one(number, with(base, {{"min", 5}, {"max", 5}})), "max");
  CHECK_FLAGS(check_one(number, with(base, {{"min", 200}})), "max");
  CHECK_FLAGS(check_one(number, with(base, {{"step", 0}})), "step");
  CHECK_FLAGS(check_one(number, with(base, {{"mode", "dial"}})), "mode");
  CHECK_FLAGS(check_one(number, base, {{"ups/nas/var/x", "500"}}), "min");
  CHECK_FLAGS(check_one(number, base, {{"ups/nas/var/x", "high"}}), "state_topic");
  CHECK_FLAGS(check_one(number, with(base, {{"command_topic", nullptr}})), "command_topic");

  const std::string select = "homeassistant/select/n/x/config";
  CHECK_FLAGS(check_one(select, base), "options");
  CHECK_FLAGS(check_one(select, with(base, {{"options", json::array()}})), "options");
  CHECK_FLAGS(check_one(select, with(base, {{"options", {"a"}}}), {{"ups/nas/var/x", "b"}}),
              "options");
  CHECK(check_one(select, with(base, {{"options", {"a", "b"}}}), {{"ups/nas/var/x", "b"}}).empty());

  const std::string text = "homeassistant/text/n/x/config";
  CHECK_FLAGS(check_one(text, with(base, {{"max", 300}})), "max");
  CHECK_FLAGS(check_one(text, with(base, {{"min", -1}})), "min");
  CHECK_FLAGS(check_one(text, with(base, {{"min", 10}, {"max", 5}})), "max");
  CHECK_FLAGS(check_one(text, with(base, {{"mode", "multiline"}})), "mode");
  CHECK_FLAGS(check_one(text, with(base, {{"max", 3}}), {{"ups/nas/var/x", "toolong"}}), "max");
  CHECK_FLAGS(check_one(text, with(base, {{"command_topic", nullptr}})), "command_topic");

  const std::string event = "homeassistant/event/n/x/config";
  CHECK_FLAGS(check_one(event, base), "event_types");
  CHECK_FLAGS(check_one(event, with(base, {{"event_types", json::array()}})), "event_types");
  CHECK_FLAGS(check_one(event, with(base, {{"event_types", {"ONBATT"}}, {"state_topic", nullptr}})),
              "state_topic");
}

TEST_CASE("device-based configs: shape and components and inheritance") {
  const std::string topic = "homeassistant/device/nutmqtt_home_nas/config";
  auto component = with(good_sensor(), {{"device", nullptr},
                                        {"origin", nullptr},
                                        {"availability", nullptr},
                                        {"availability_mode", nullptr},
                                        {"p", "sensor"}});
  json device = {{"dev", {{"identifiers", {"u"}}, {"name", "nas"}}},
                 {"o", {{"name", "nutmqtt"}}},
                 {"availability", {{{"topic", "ups/nas/availability"}}}},
                 {"availability_mode", "all"},
                 {"cmps", {{"battery_charge", component}, {"gone", {{"p", "sensor"}}}}}};
  auto ok = check_one(topic, device, {{"ups/nas/var/battery.charge", "100"}});
  CHECK_MESSAGE(ok.empty(), describe(ok));
  CHECK_FLAGS(check_one(topic, with(device, {{"dev", nullptr}})), "dev");
  CHECK_FLAGS(check_one(topic, with(device, {{"o", nullptr}})), "o");
  CHECK_FLAGS(check_one(topic, with(device, {{"cmps", json::object()}})), "cmps");
  CHECK_FLAGS(
      check_one(topic, with(device, {{"cmps", {{"x", with(component, {{"p", nullptr}})}}}})),
      "cmps.x.p");
  CHECK_FLAGS(
      check_one(topic,
                with(device, {{"cmps", {{"x", with(component, {{"unique_id", nullptr}})}}}})),
      "cmps.x.unique_id");
  CHECK_FLAGS(check_one(topic, with(device, {{"cmps", {{"x.y", component}}}})), "cmps.x.y.");
  // Root availability is inherited: a component adding availability_topic conflicts with it.
  CHECK_FLAGS(
      check_one(topic,
                with(device, {{"cmps", {{"x", with(component, {{"availability_topic", "t"}})}}}})),
      "cmps.x.availability");
  CHECK_FLAGS(
      check_one(topic,
                with(device, {{"cmps", {{"x", with(component, {{"unit_of_measurement", "V"}})}}}})),
      "cmps.x.unit_of_measurement");
  CHECK_FLAGS(
      check_one(topic,
                with(device, {{"cmps", {{"x", with(component, {{"name", "nas charge"}})}}}})),
      "cmps.x.name");
  // unique ids are unique across device and per-entity configs
  CHECK_FLAGS(check({{topic, device}, {kTopic, good_sensor()}}), "unique_id");
}

TEST_CASE("abbreviated keys and the ~ base topic are understood") {
  json abbreviated = json::parse(R"({
    "~": "ups/nas", "name": "Battery charge", "uniq_id": "u/battery_charge",
    "def_ent_id": "sensor.nas_battery_charge", "stat_t": "~/var/battery.charge",
    "dev_cla": "battery", "unit_of_meas": "%", "stat_cla": "measurement",
    "avty": [{"t": "~/availability"}], "avty_mode": "all",
    "dev": {"ids": ["u"], "name": "nas", "mf": "EATON"}, "o": {"name": "nutmqtt", "sw": "1"}})");
  auto ok = check_one(kTopic, abbreviated, {{"ups/nas/var/battery.charge", "100"}});
  CHECK_MESSAGE(ok.empty(), describe(ok));
  CHECK_FLAGS(check_one(kTopic, abbreviated, {{"ups/nas/var/battery.charge", "n/a"}}),
              "state_topic");
  CHECK_FLAGS(check_one(kTopic, with(abbreviated, {{"unit_of_meas", "Ah"}})),
              "unit_of_measurement");
  CHECK_FLAGS(check_one(kTopic, with(abbreviated, {{"avty_t", "x"}})), "availability");
  CHECK_FLAGS(check_one(kTopic, with(abbreviated, {{"obj_id", "x"}})), "object_id");
  json device = {{"dev", {{"ids", {"u"}}, {"name", "nas"}}},
                 {"o", {{"name", "nutmqtt"}}},
                 {"cmps", {{"b", {{"p", "button"}, {"uniq_id", "u/b"}, {"name", "Mute"}}}}}};
  CHECK_FLAGS(check_one("homeassistant/device/n/config", device), "cmps.b.command_topic");
}

TEST_CASE("malformed payloads are reported and never make the validator throw") {
  json weird = {{"name", 5},
                {"unique_id", 7},
                {"state_topic", 1},
                {"device", "x"},
                {"origin", {1, 2}},
                {"availability", "x"},
                {"availability_mode", 3},
                {"mode", 5},
                {"options", "x"},
                {"payload_on", 1},
                {"min", "a"},
                {"event_types", 2},
                {"device_class", 4},
                {"entity_category", 1},
                {"value_template", 9}};
  for (auto platform : {"sensor", "binary_sensor", "button", "number", "select", "text", "event"}) {
    CAPTURE(platform);
    const std::string topic = std::string("homeassistant/") + platform + "/n/x/config";
    std::vector<ha_violation> v;
    CHECK_NOTHROW(v = check_one(topic, weird, {{"1", "x"}}));
    CHECK_FALSE(v.empty());
  }
  json device = {{"dev", 1}, {"o", "x"}, {"cmps", {{"a", 1}, {"b", {{"p", 2}}}}}};
  CHECK_NOTHROW(check_one("homeassistant/device/n/config", device));
  CHECK_FLAGS(check_one("homeassistant/device/n/config", device), "cmps.a.p");
}
