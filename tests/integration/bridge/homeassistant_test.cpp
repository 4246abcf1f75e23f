#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"
#include "homeassistant/discovery/discovery_builder.hpp"
#include "support/ha_validator.hpp"

using namespace nutmqtt::test;
using json = nlohmann::json;

namespace {

std::string ha_config(const std::string& mode) {
  return "homeassistant: { enabled: true, discovery: " + mode + " }\n" +
         "commands: { instcmd: [beeper.mute, load.off], set: [battery.charge.low] }\n";
}

// A real UPS dump (rich, with writable variables) plus the commands dummy-ups offers.
nut_server::options rich_ups() {
  auto dev = fixture("ups-dumps/APC__Back-UPS_ES_850G2__usbhid-ups__2.8.0__01.dev");
  return one_ups(dev, "ups");
}

std::size_t count_configs(const std::map<std::string, std::string>& retained) {
  std::size_t n = 0;
  for (const auto& [topic, payload] : retained) {
    if (topic.starts_with("homeassistant/") && topic.ends_with("/config")) ++n;
  }
  return n;
}

bool wait_configs(mqtt_probe& p, std::size_t at_least, std::chrono::milliseconds timeout) {
  return wait_until([&] { return count_configs(p.current()) >= at_least; }, timeout, 50ms);
}

}  // namespace

TEST_CASE("device discovery: every retained config passes Home Assistant's rules") {
  mosquitto_broker broker;
  nut_server nut(rich_ups());
  nut.start();
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + ha_config("device") + "nut:\n" +
                            server_entry(nut, "ups", "nas"));
  mqtt_probe probe(broker.port(), {"#"});
  // One device config for the UPS and one for the bridge.
  REQUIRE(wait_configs(probe, 2, 20s));
  REQUIRE(probe.wait_for_topic("ups/nas/status_text", 5s));
  std::this_thread::sleep_for(1500ms);  // states settle
  auto retained = probe.current();
  auto violations = validate_retained(retained);
  CHECK_MESSAGE(violations.empty(), describe(violations));
  auto device = json::parse(retained.at("homeassistant/device/nutmqtt_test_nas/config"));
  // dummy-ups serves device.serial from ups.serial, trailing blanks trimmed.
  CHECK(device["dev"]["serial_number"] == "5B2250T07387");
  CHECK(device["dev"]["manufacturer"] == "American Power Conversion");
  CHECK(device["dev"].contains("via_device"));
  CHECK(device.contains("o"));
  bool has_runtime = false, has_button = false, has_event = false;
  for (auto& [key, c] : device["cmps"].items()) {
    auto text = c.dump();
    if (text.find("var/battery.runtime") != std::string::npos) has_runtime = true;
    if (c["p"] == "button" && text.find("beeper.mute") != std::string::npos) has_button = true;
    if (c["p"] == "event") has_event = true;
  }
  CHECK(has_runtime);
  CHECK_FALSE(has_button);  // dummy-ups lists only load.off among its commands
  CHECK(has_event);
  CHECK(probe.latest("ups/nas/status_text") == "Online");
}

TEST_CASE(
    "entity discovery passes too, HA's birth re-publishes, and a vanished variable's "
    "entity is removed") {
  mosquitto_broker broker;
  nut_server nut(one_ups(dev_text({{"ups.status", "OL"},
                                   {"battery.charge", "100"},
                                   {"battery.charge.low", "20"},
                                   {"input.voltage", "230.0"},
                                   {"device.mfr", "Maker"}})));
  nut.start();
  temp_dir dir;
  daemon_process bridge(
      dir, "bridge", "nutmqtt-bridge",
      bridge_header(broker.port()) + ha_config("entity") + "nut:\n" +
          server_entry(nut, "dummy", "nas", "    username: admin\n    password: adminpw\n"));
  mqtt_probe probe(broker.port(), {"#"});
  REQUIRE(wait_configs(probe, 10, 20s));
  std::this_thread::sleep_for(4s);  // after the read-back window
  auto retained = probe.current();
  auto violations = validate_retained(retained);
  CHECK_MESSAGE(violations.empty(), describe(violations));
  std::string voltage_config;
  for (const auto& [topic, payload] : retained) {
    if (topic.ends_with("/config") && payload.find("var/input.voltage") != std::string::npos) {
      voltage_config = topic;
    }
  }
  REQUIRE_FALSE(voltage_config.empty());
  // A number for the writable battery.charge.low, with a command topic the bridge listens on.
  bool has_number = false;
  for (const auto& [topic, payload] : retained) {
    if (topic.starts_with("homeassistant/number/")) has_number = true;
  }
  CHECK(has_number);

  probe.clear();
  probe.publish("homeassistant/status", "online");
  CHECK(wait_configs(probe, 10, 15s));
  CHECK(probe.wait_for_topic("ups/nas/availability", 5s));

  nut.stop_driver("dummy");
  nut.rewrite_dev("dummy", dev_text({{"ups.status", "OL"},
                                     {"battery.charge", "100"},
                                     {"battery.charge.low", "20"},
                                     {"device.mfr", "Maker"}}));
  nut.start_driver("dummy");
  CHECK(probe.wait_for_latest(voltage_config, "", 20s));
}

TEST_CASE("configs left by an earlier run for a UPS no longer watched are cleared") {
  mosquitto_broker broker;
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  {
    // What this bridge published yesterday for a UPS that has since left its configuration.
    nutmqtt::ha::ups_snapshot gone;
    gone.id = "gone";
    gone.vars = {{"ups.status", "OL"}, {"battery.charge", "50"}};
    nutmqtt::ha::discovery_settings s;
    s.enabled = true;
    mqtt_probe writer(broker.port(), {"unused/#"});
    for (const auto& m : nutmqtt::ha::build_ups_discovery(gone, {"test", "0.0.1", "host"}, s,
                                                          nutmqtt::common::topic_scheme("ups"))) {
      writer.publish(m.topic, m.payload, true);
    }
    // Another bridge's config must be left alone.
    writer.publish("homeassistant/sensor/other_bridge/x/config",
                   R"({"name":"x","state_topic":"a/b","unique_id":"other-x"})", true);
  }
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + ha_config("device") + "nut:\n" +
                            server_entry(nut, "dummy", "nas"));
  CHECK(bridge.wait_for_log("leftovers to clear", 20s));
  mqtt_probe probe(broker.port(), {"homeassistant/#"});
  REQUIRE(wait_configs(probe, 2, 10s));
  std::this_thread::sleep_for(2s);
  auto retained = probe.current();
  CHECK(retained.count("homeassistant/device/nutmqtt_test_gone/config") == 0);
  CHECK(retained.count("homeassistant/device/nutmqtt_test_nas/config") == 1);
  CHECK(retained.count("homeassistant/sensor/other_bridge/x/config") == 1);
}
