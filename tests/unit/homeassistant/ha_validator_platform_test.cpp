// The validator catches every platform rule (sensor, binary_sensor, button, number, select,
// text, event), and survives malformed payloads.

#include <doctest/doctest.h>

#include "validator_cases.hpp"

using namespace nutmqtt::test::validator_cases;
using nutmqtt::test::describe;
using nutmqtt::test::ha_violation;

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

TEST_CASE("JSON values render as Jinja renders them, and None is an unknown numeric value") {
  const std::string topic = "homeassistant/binary_sensor/n/flag/config";
  json b = {{"name", "Flag"},
            {"unique_id", "u/flag"},
            {"state_topic", "agent/state"},
            {"value_template", "{{ value_json['online'] }}"},
            {"payload_on", "True"},
            {"payload_off", "False"},
            {"device", {{"identifiers", {"u"}}, {"name", "host"}}},
            {"origin", {{"name", "nutmqtt"}}}};
  CHECK(check_one(topic, b, {{"agent/state", R"({"online":true})"}}).empty());
  CHECK(check_one(topic, b, {{"agent/state", R"({"online":false})"}}).empty());
  CHECK_FLAGS(
      check_one(topic, with(b, {{"payload_on", "true"}}), {{"agent/state", R"({"online":true})"}}),
      "payload_on");
  auto seconds = with(good_sensor(), {{"state_topic", "agent/state"},
                                      {"device_class", "duration"},
                                      {"unit_of_measurement", "s"},
                                      {"state_class", nullptr},
                                      {"value_template", "{{ value_json['left'] }}"}});
  CHECK(check_one(kTopic, seconds, {{"agent/state", R"({"left":null})"}}).empty());
  CHECK(check_one(kTopic, seconds, {{"agent/state", R"({"left":42})"}}).empty());
  CHECK_FLAGS(check_one(kTopic, seconds, {{"agent/state", R"({"left":"soon"})"}}), "state_topic");
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
