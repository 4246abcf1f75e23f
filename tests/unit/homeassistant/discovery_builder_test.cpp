#include "homeassistant/discovery/discovery_builder.hpp"

#include <algorithm>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "ha_test_data.hpp"
#include "support/ha_validator.hpp"

using namespace nutmqtt;
using nlohmann::json;
using mode = ha::discovery_settings::mode;

namespace {

const ha::bridge_identity kBridge{"home", "0.1.0", "server1"};
const common::topic_scheme kTopics("ups");

ha::discovery_settings settings_for(mode m) {
  ha::discovery_settings s;
  s.enabled = true;
  s.discovery = m;
  return s;
}

// The rich fixture plus the writable kinds the dumps lack (range, plain number, odd ranges).
ha::ups_snapshot rich_ups() {
  auto ups = test::snapshot_from_dev("homeassistant/eaton-5px-93pm.dev", "nas");
  ups.description = "Rack UPS";
  using kind = ha::writable_variable::kind;
  for (auto& w : ups.writables) {
    if (w.name == "ups.load.high") w = {w.name, kind::number, std::nullopt, std::nullopt, {}, 0};
    if (w.name == "outlet.1.delay.start") w = {w.name, kind::range, 10, 5, {}, 0};  // reversed
  }
  ups.writables.push_back({"battery.runtime.low", kind::range, 60, 600, {}, 0});
  ups.writables.push_back({"input.frequency.nominal", kind::range, 50, 50, {}, 0});
  ups.vars["battery.runtime.low"] = "120";
  // What APC's apc_modbus driver reports at low load: a numeric variable holding text.
  ups.vars["ups.efficiency"] = "LoadTooLow";
  return ups;
}

struct entity {
  std::string platform;
  json config;  // device-based components merged with their device's root keys
};

// Every entity of `messages`, whatever the discovery mode.
std::vector<entity> entities_of(const std::vector<ha::discovery_message>& messages) {
  std::vector<entity> out;
  for (const auto& m : messages) {
    auto cfg = json::parse(m.payload);
    if (!cfg.contains("cmps")) {
      auto platform = m.topic.substr(m.topic.find('/') + 1);
      out.push_back({platform.substr(0, platform.find('/')), cfg});
      continue;
    }
    for (auto& [key, c] : cfg["cmps"].items()) {
      json merged = c;
      for (auto k : {"availability", "availability_mode"})
        if (cfg.contains(k) && !merged.contains(k)) merged[k] = cfg[k];
      merged["device"] = cfg["dev"];
      merged["origin"] = cfg["o"];
      out.push_back({c["p"], merged});
    }
  }
  return out;
}

const entity& find_entity(const std::vector<entity>& all, const std::string& default_entity_id) {
  auto it = std::find_if(all.begin(), all.end(), [&](const entity& e) {
    return e.config.value("default_entity_id", "") == default_entity_id;
  });
  REQUIRE_MESSAGE(it != all.end(), default_entity_id);
  return *it;
}

void check_valid(const std::vector<ha::discovery_message>& messages,
                 const std::map<std::string, std::string>& states,
                 const std::string& prefix = "homeassistant") {
  auto violations = test::validate_discovery(test::as_map(messages), states, prefix);
  CHECK_MESSAGE(violations.empty(), test::describe(violations));
}

}  // namespace

TEST_CASE("every payload for the rich and the minimal UPS passes the validator in both modes") {
  for (auto m : {mode::device, mode::entity}) {
    CAPTURE(static_cast<int>(m));
    auto settings = settings_for(m);
    std::vector<ha::discovery_message> all = ha::build_bridge_discovery(kBridge, settings, kTopics);
    std::map<std::string, std::string> states;
    auto mini = test::snapshot_from_dev("homeassistant/minimal.dev", "mini");
    mini.commands = {"beeper.mute", "shutdown.return"};
    mini.writables = {{"ups.delay.shutdown", ha::writable_variable::kind::range, 0, 600, {}, 0}};
    for (auto ups : {rich_ups(), mini}) {
      auto messages = ha::build_ups_discovery(ups, kBridge, settings, kTopics);
      CHECK_FALSE(messages.empty());
      all.insert(all.end(), messages.begin(), messages.end());
      states.merge(test::retained_states(ups, kBridge, kTopics));
    }
    check_valid(all, states);
  }
}

TEST_CASE("device mode: one message per device with dev and o and cmps") {
  auto ups = rich_ups();
  auto messages = ha::build_ups_discovery(ups, kBridge, settings_for(mode::device), kTopics);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].topic == "homeassistant/device/nutmqtt_home_nas/config");
  auto cfg = json::parse(messages[0].payload);
  CHECK(cfg["dev"]["name"] == "Rack UPS");
  CHECK(cfg["o"]["name"] == "nutmqtt");
  // 83 variables + Status + 7 flags + the event + 19 buttons + 17 writables.
  CHECK(cfg["cmps"].size() == 83 + 1 + 7 + 1 + 19 + 17);
}

TEST_CASE("entities need the bridge and the UPS online but events only the bridge") {
  for (auto m : {mode::device, mode::entity}) {
    auto all = entities_of(ha::build_ups_discovery(rich_ups(), kBridge, settings_for(m), kTopics));
    const json both = json::parse(R"([{"topic":"ups/_bridge/home/availability"},
                                      {"topic":"ups/nas/availability"}])");
    for (const auto& e : all) {
      CAPTURE(e.config["default_entity_id"]);
      CHECK(e.config["availability_mode"] == "all");
      if (e.platform == "event") {
        CHECK(e.config["availability"] == json::array({both[0]}));
      } else {
        CHECK(e.config["availability"] == both);
      }
    }
  }
}

TEST_CASE("entity mode: one message per entity on <prefix>/<platform>/<node>/<key>/config") {
  auto ups = test::snapshot_from_dev("homeassistant/minimal.dev", "mini");
  auto messages = ha::build_ups_discovery(ups, kBridge, settings_for(mode::entity), kTopics);
  CHECK(messages.size() == 3 + 1 + 7 + 1);
  auto map = test::as_map(messages);
  REQUIRE(map.count("homeassistant/sensor/nutmqtt_home_mini/battery_runtime/config"));
  auto cfg = json::parse(map["homeassistant/sensor/nutmqtt_home_mini/battery_runtime/config"]);
  CHECK(cfg["state_topic"] == "ups/mini/var/battery.runtime");
  CHECK(cfg["unique_id"] == "nutmqtt/home/mini/battery_runtime");
  CHECK(cfg["default_entity_id"] == "sensor.mini_battery_runtime");
  CHECK(cfg["device"]["via_device"] == "nutmqtt-bridge/home");
  CHECK(cfg["origin"]["sw_version"] == "0.1.0");
  CHECK(cfg["availability"].size() == 2);
  CHECK_FALSE(cfg.contains("object_id"));
  CHECK_FALSE(cfg.contains("enabled_by_default"));  // battery.runtime is shown by default
  CHECK(map.count("homeassistant/binary_sensor/nutmqtt_home_mini/mains_power/config"));
  CHECK(map.count("homeassistant/event/nutmqtt_home_mini/event/config"));
}

TEST_CASE("status and status flags and events read the bridge's topics") {
  auto all = entities_of(
      ha::build_ups_discovery(rich_ups(), kBridge, settings_for(mode::device), kTopics));
  CHECK(find_entity(all, "sensor.nas_status").config["state_topic"] == "ups/nas/status_text");
  struct flag {
    const char* id;
    const char* cls;
    const char* token;
  };
  for (auto f : {flag{"binary_sensor.nas_mains_power", "power", "'OL'"},
                 flag{"binary_sensor.nas_low_battery", "battery", "'LB'"},
                 flag{"binary_sensor.nas_charging", "battery_charging", "'CHRG'"},
                 flag{"binary_sensor.nas_replace_battery", "problem", "'RB'"},
                 flag{"binary_sensor.nas_overload", "problem", "'OVER'"},
                 flag{"binary_sensor.nas_bypass", "problem", "'BYPASS'"},
                 flag{"binary_sensor.nas_forced_shutdown", "safety", "'FSD'"}}) {
    CAPTURE(f.id);
    const auto& cfg = find_entity(all, f.id).config;
    CHECK(cfg["state_topic"] == "ups/nas/status");
    CHECK(cfg["device_class"] == f.cls);
    CHECK(cfg["value_template"].get<std::string>().find(f.token) != std::string::npos);
  }
  const auto& event = find_entity(all, "event.nas_event").config;
  CHECK(event["state_topic"] == "ups/nas/event");
  CHECK(event["event_types"].size() == 26);
  CHECK(event["event_types"][1] == "ONBATT");
  CHECK(event["event_types"][5] == "COMMBAD");
}

TEST_CASE("the UPS device carries identity from its variables and hangs off the bridge") {
  auto all = entities_of(
      ha::build_ups_discovery(rich_ups(), kBridge, settings_for(mode::entity), kTopics));
  const auto& dev = all.front().config["device"];
  CHECK(dev["identifiers"][0] == "nutmqtt-sn/G098D27047");
  CHECK(dev["serial_number"] == "G098D27047");
  CHECK(dev["manufacturer"] == "EATON");
  CHECK(dev["model_id"] == "eMAA13");
  CHECK(dev["connections"][0][1] == "00:20:85:f9:0a:9e");
  CHECK(find_entity(all, "sensor.nas_battery_charge").config["unique_id"] ==
        "nutmqtt-sn/G098D27047/battery_charge");
}

TEST_CASE("sensors follow the metadata and non-numeric values get no unit") {
  auto ups = rich_ups();
  ups.vars["ups.efficiency"] = "LoadTooLow";
  auto all =
      entities_of(ha::build_ups_discovery(ups, kBridge, settings_for(mode::device), kTopics));
  const auto& voltage = find_entity(all, "sensor.nas_input_l1_n_voltage").config;
  CHECK(voltage["name"] == "Input voltage L1-N");
  CHECK(voltage["unit_of_measurement"] == "V");
  CHECK(voltage["state_class"] == "measurement");
  CHECK(voltage["state_topic"] == "ups/nas/var/input.L1-N.voltage");
  const auto& efficiency = find_entity(all, "sensor.nas_ups_efficiency").config;
  CHECK_FALSE(efficiency.contains("unit_of_measurement"));
  CHECK_FALSE(efficiency.contains("state_class"));
  const auto& nominal = find_entity(all, "sensor.nas_input_voltage_nominal").config;
  CHECK(nominal["entity_category"] == "diagnostic");
  CHECK(nominal["enabled_by_default"] == false);
}

TEST_CASE("buttons send the command name, and those that cut power are hidden") {
  auto all = entities_of(
      ha::build_ups_discovery(rich_ups(), kBridge, settings_for(mode::device), kTopics));
  const auto& quick = find_entity(all, "button.nas_test_battery_start_quick").config;
  CHECK(quick["command_topic"] == "ups/nas/cmd/instcmd");
  CHECK(quick["payload_press"] == "test.battery.start.quick");
  CHECK(quick["name"] == "Start quick battery test");
  CHECK_FALSE(quick.contains("enabled_by_default"));
  for (auto id : {"button.nas_load_off", "button.nas_load_off_delay", "button.nas_shutdown_return",
                  "button.nas_shutdown_stayoff", "button.nas_outlet_1_load_off"}) {
    CAPTURE(id);
    const auto& cfg = find_entity(all, id).config;
    CHECK(cfg["enabled_by_default"] == false);
    CHECK(cfg["entity_category"] == "config");
  }
  CHECK_FALSE(find_entity(all, "button.nas_load_on").config.contains("enabled_by_default"));
}

TEST_CASE("writable variables become number or select or text within Home Assistant's limits") {
  auto all = entities_of(
      ha::build_ups_discovery(rich_ups(), kBridge, settings_for(mode::device), kTopics));
  const auto& range = find_entity(all, "number.nas_set_battery_runtime_low").config;
  CHECK(range["command_topic"] == "ups/nas/cmd/set/battery.runtime.low");
  CHECK(range["state_topic"] == "ups/nas/var/battery.runtime.low");
  CHECK(range["min"] == 60);
  CHECK(range["max"] == 600);
  CHECK(range["unit_of_measurement"] == "s");
  const auto& unbounded = find_entity(all, "number.nas_set_ups_load_high").config;
  CHECK(unbounded["min"] == 0);    // a percentage
  CHECK(unbounded["max"] == 105);  // widened to hold the current value
  const auto& equal = find_entity(all, "number.nas_set_input_frequency_nominal").config;
  CHECK(equal["max"].get<double>() > equal["min"].get<double>());
  const auto& reversed = find_entity(all, "number.nas_set_outlet_1_delay_start").config;
  CHECK(reversed["min"] == 3);  // holds the current value 3
  CHECK(reversed["max"] == 10);
  const auto& select = find_entity(all, "select.nas_set_output_voltage_nominal").config;
  CHECK(select["options"] == json::array({"200", "208", "220", "230", "240"}));
  CHECK(select["entity_category"] == "config");
  const auto& text = find_entity(all, "text.nas_set_battery_charge_low").config;
  CHECK(text["max"] == 5);
  CHECK(text["min"] == 0);
  CHECK(text["command_topic"] == "ups/nas/cmd/set/battery.charge.low");
}

TEST_CASE("writables whose value does not fit their kind fall back safely") {
  auto ups = test::snapshot_from_dev("homeassistant/minimal.dev", "mini");
  using kind = ha::writable_variable::kind;
  ups.vars["ups.shutdown"] = "unusual";
  ups.vars["ups.delay.start"] = "soon";
  ups.vars["ups.id"] = std::string(300, 'x');
  ups.vars["ups.contacts"] = "F0";
  ups.writables = {{"ups.shutdown", kind::enumeration, {}, {}, {"enabled", "disabled"}, 0},
                   {"ups.delay.start", kind::number, {}, {}, {}, 0},
                   {"ups.id", kind::string, {}, {}, {}, 0},
                   {"ups.contacts", kind::string, {}, {}, {}, 1000},
                   {"ups.empty", kind::enumeration, {}, {}, {}, 0},
                   {"bad/name", kind::string, {}, {}, {}, 0}};
  auto messages = ha::build_ups_discovery(ups, kBridge, settings_for(mode::device), kTopics);
  check_valid(messages, test::retained_states(ups, kBridge, kTopics));
  auto all = entities_of(messages);
  CHECK(find_entity(all, "select.mini_set_ups_shutdown").config["options"].size() == 3);
  CHECK(find_entity(all, "text.mini_set_ups_delay_start").config["max"] == 255);
  CHECK(find_entity(all, "text.mini_set_ups_contacts").config["max"] == 255);
  CHECK(find_entity(all, "text.mini_set_ups_empty").config["max"] == 255);
  auto has = [&](const std::string& id) {
    return std::any_of(all.begin(), all.end(),
                       [&](const entity& e) { return e.config["default_entity_id"] == id; });
  };
  CHECK_FALSE(has("text.mini_set_ups_id"));  // 300 characters: Home Assistant would refuse it
  CHECK_FALSE(has("text.mini_set_bad_name"));
}

TEST_CASE("the bridge device: connectivity never made unavailable by itself and its version") {
  for (auto m : {mode::device, mode::entity}) {
    auto messages = ha::build_bridge_discovery(kBridge, settings_for(m), kTopics);
    auto all = entities_of(messages);
    REQUIRE(all.size() == 2);
    const auto& connectivity = find_entity(all, "binary_sensor.nutmqtt_bridge_home_connectivity");
    CHECK(connectivity.config["state_topic"] == "ups/_bridge/home/availability");
    CHECK(connectivity.config["device_class"] == "connectivity");
    CHECK(connectivity.config["payload_on"] == "online");
    CHECK_FALSE(connectivity.config.contains("availability"));
    CHECK_FALSE(connectivity.config.contains("availability_topic"));
    const auto& version = find_entity(all, "sensor.nutmqtt_bridge_home_version");
    CHECK(version.config["state_topic"] == "ups/_bridge/home/info");
    CHECK(version.config["value_template"] == "{{ value_json['version'] }}");
    CHECK(version.config["device"]["identifiers"][0] == "nutmqtt-bridge/home");
    std::map<std::string, std::string> states = {
        {"ups/_bridge/home/availability", "online"},
        {"ups/_bridge/home/info", R"({"version":"0.1.0"})"}};
    check_valid(messages, states);
  }
}

TEST_CASE("ids of any shape become valid topic levels and unique ids and entity ids") {
  ha::bridge_identity bridge{"My.Bridge", "0.1.0", ""};
  ha::ups_snapshot ups;
  ups.id = "Rack.UPS:1";
  ups.vars = {
      {"battery.charge", "90"}, {"battery_charge", "91"}, {"ups.status", "OL"}, {"bad/var", "1"}};
  common::topic_scheme topics("home/ups");
  ha::discovery_settings settings = settings_for(mode::entity);
  settings.prefix = "ha";
  auto messages = ha::build_ups_discovery(ups, bridge, settings, topics);
  messages.push_back(ha::build_bridge_discovery(bridge, settings, topics).front());
  check_valid(messages, {}, "ha");
  auto all = entities_of(messages);
  auto charge = find_entity(all, "sensor.rack_ups_1_battery_charge").config["unique_id"];
  CHECK(std::count_if(all.begin(), all.end(), [](const entity& e) {
          return e.config.value("state_topic", "").ends_with("/var/battery_charge");
        }) == 1);
  CHECK(std::none_of(all.begin(), all.end(), [](const entity& e) {
    return e.config.value("state_topic", "").find("bad/var") != std::string::npos;
  }));
  CHECK(charge == "nutmqtt/My.Bridge/Rack.UPS:1/battery_charge");
}

TEST_CASE("values that are not UTF-8 do not break the payload") {
  auto ups = test::snapshot_from_dev("homeassistant/minimal.dev", "mini");
  ups.vars["ups.mfr"] = "Caf\xe9";
  ups.description = "\xff\xfe";
  auto messages = ha::build_ups_discovery(ups, kBridge, settings_for(mode::device), kTopics);
  REQUIRE(messages.size() == 1);
  CHECK(json::accept(messages[0].payload));
}

TEST_CASE("discovery settings with a broken prefix or status topic are refused") {
  ha::discovery_settings s;
  CHECK_FALSE(ha::discovery_settings_problem(s));
  s.prefix = "homeassistant/";
  CHECK(ha::discovery_settings_problem(s).value_or("").starts_with("prefix: "));
  s.prefix = "ha/#";
  CHECK(ha::discovery_settings_problem(s));
  s.prefix = "ha";
  s.status_topic = "";
  CHECK(ha::discovery_settings_problem(s).value_or("").starts_with("status_topic: "));
}
