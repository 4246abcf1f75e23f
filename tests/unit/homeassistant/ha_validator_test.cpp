// The validator must catch every rule it encodes, or a passing builder test proves nothing.
// Rules every config shares; the platforms' own are in ha_validator_platform_test.cpp.

#include <doctest/doctest.h>

#include "validator_cases.hpp"

using namespace nutmqtt::test::validator_cases;
using nutmqtt::test::describe;
using nutmqtt::test::ha_violation;

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
