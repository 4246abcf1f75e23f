#include "homeassistant/discovery/discovery_tracker.hpp"

#include <algorithm>

#include <doctest/doctest.h>

#include "ha_test_data.hpp"
#include "homeassistant/discovery/discovery_builder.hpp"

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

ha::ups_snapshot minimal(const std::string& id) {
  return test::snapshot_from_dev("homeassistant/minimal.dev", id);
}

std::vector<ha::discovery_message> build(const ha::ups_snapshot& ups, mode m) {
  return ha::build_ups_discovery(ups, kBridge, settings_for(m), kTopics);
}

// A tracker past its read-back window, with `ups` published.
ha::discovery_tracker started(mode m, const ha::ups_snapshot& ups) {
  ha::discovery_tracker t(settings_for(m), kBridge.id);
  t.end_read_back();
  auto first = t.update(ups.id, build(ups, m));
  REQUIRE(first.clear.empty());
  REQUIRE(first.publish.size() == build(ups, m).size());
  return t;
}

std::vector<std::string> topics_of(const std::vector<ha::discovery_message>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages)
    out.push_back(m.topic);
  return out;
}

std::vector<std::string> sorted_topics_of(const std::vector<ha::discovery_message>& messages) {
  auto out = topics_of(messages);
  std::sort(out.begin(), out.end());
  return out;
}

bool all_empty(const std::vector<ha::discovery_message>& messages) {
  return std::all_of(messages.begin(), messages.end(),
                     [](const ha::discovery_message& m) { return m.payload.empty(); });
}

}  // namespace

TEST_CASE("unchanged configs are not sent again and changed ones are sent alone") {
  for (auto m : {mode::device, mode::entity}) {
    CAPTURE(static_cast<int>(m));
    auto ups = minimal("nas");
    auto t = started(m, ups);
    CHECK(t.update("nas", build(ups, m)).empty());
    ups.vars["battery.charge"] = "not yet";  // the sensor loses its unit: a different config
    auto changed = t.update("nas", build(ups, m));
    CHECK(changed.clear.empty());
    REQUIRE(changed.publish.size() == 1);
    if (m == mode::entity) {
      CHECK(changed.publish[0].topic ==
            "homeassistant/sensor/nutmqtt_home_nas/battery_charge/config");
    }
    if (m == mode::device) {
      CHECK(changed.publish[0].topic == "homeassistant/device/nutmqtt_home_nas/config");
    }
    CHECK(t.update("nas", build(ups, m)).empty());
  }
}

TEST_CASE("entity mode: a vanished variable's config is cleared with an empty payload") {
  auto ups = minimal("nas");
  auto t = started(mode::entity, ups);
  ups.vars.erase("battery.runtime");
  auto batch = t.update("nas", build(ups, mode::entity));
  CHECK(batch.publish.empty());
  REQUIRE(batch.clear.size() == 1);
  CHECK(batch.clear[0].topic == "homeassistant/sensor/nutmqtt_home_nas/battery_runtime/config");
  CHECK(batch.clear[0].payload.empty());
}

TEST_CASE(
    "device mode: a vanished component is removed with a platform-only stub first and then "
    "dropped") {
  auto ups = minimal("nas");
  auto t = started(mode::device, ups);
  const auto before = json::parse(build(ups, mode::device)[0].payload);
  ups.vars.erase("battery.runtime");
  auto batch = t.update("nas", build(ups, mode::device));
  REQUIRE(batch.clear.size() == 1);
  REQUIRE(batch.publish.size() == 1);
  auto removal = json::parse(batch.clear[0].payload);
  CHECK(removal["cmps"]["battery_runtime"] == json{{"p", "sensor"}});
  // Everything else is exactly what Home Assistant already has: the step only removes.
  auto rest = removal;
  rest["cmps"].erase("battery_runtime");
  auto expected = before;
  expected["cmps"].erase("battery_runtime");
  CHECK(rest == expected);
  auto after = json::parse(batch.publish[0].payload);
  CHECK_FALSE(after["cmps"].contains("battery_runtime"));
  CHECK(after["cmps"].contains("battery_charge"));
  CHECK(t.update("nas", build(ups, mode::device)).empty());
}

TEST_CASE("a UPS removed from the configuration is cleared in both modes") {
  for (auto m : {mode::device, mode::entity}) {
    CAPTURE(static_cast<int>(m));
    auto t = started(m, minimal("nas"));
    t.update("other", build(minimal("other"), m));
    auto batch = t.remove("nas");
    CHECK(batch.publish.empty());
    CHECK(all_empty(batch.clear));
    auto expected = topics_of(build(minimal("nas"), m));
    CHECK(topics_of(batch.clear) == expected);
    CHECK(t.remove("nas").empty());
    CHECK(t.republish() == build(minimal("other"), m));
  }
}

TEST_CASE("a unique id moving within one topic is cleared before it is announced again") {
  auto ups = minimal("nas");
  auto t = started(mode::entity, ups);
  ups.vars["device.serial"] = "G098D27047";  // identity switches to the serial
  auto batch = t.update("nas", build(ups, mode::entity));
  CHECK(batch.publish.size() == build(ups, mode::entity).size());
  CHECK(all_empty(batch.clear));
  // every old topic is cleared (its unique_id changed) before the new configs go out
  CHECK(batch.clear.size() == build(minimal("nas"), mode::entity).size());

  auto d = started(mode::device, minimal("nas"));
  auto device_batch = d.update("nas", build(ups, mode::device));
  REQUIRE(device_batch.clear.size() == 1);
  CHECK(device_batch.clear[0].payload.empty());  // nothing survives: remove the whole device
  CHECK(device_batch.publish.size() == 1);
}

TEST_CASE("read-back: own leftovers are cleared and identical configs kept and others left alone") {
  for (auto m : {mode::device, mode::entity}) {
    CAPTURE(static_cast<int>(m));
    ha::discovery_tracker t(settings_for(m), kBridge.id);
    // Retained from an earlier run: "nas" unchanged, and "gone", no longer configured.
    for (const auto& msg : build(minimal("nas"), m))
      CHECK(t.read_back(msg.topic, msg.payload));
    for (const auto& msg : build(minimal("gone"), m))
      CHECK(t.read_back(msg.topic, msg.payload));
    // Another bridge's UPS and another program's device: not ours.
    ha::bridge_identity other{"garage", "0.1.0", ""};
    auto foreign = ha::build_ups_discovery(minimal("gone"), other, settings_for(m), kTopics);
    CHECK_FALSE(t.read_back(foreign[0].topic, foreign[0].payload));
    CHECK_FALSE(t.read_back("homeassistant/sensor/z2m/temp/config",
                            R"({"o":{"name":"Zigbee2MQTT"},"dev":{"ids":["x"]}})"));
    CHECK_FALSE(t.read_back("homeassistant/status", "online"));
    CHECK_FALSE(t.read_back("elsewhere/sensor/x/y/config", build(minimal("nas"), m)[0].payload));

    CHECK(t.update("nas", build(minimal("nas"), m)).empty());  // only remembered while reading
    auto batch = t.end_read_back();
    CHECK(batch.publish.empty());  // "nas" is retained exactly as generated
    CHECK(all_empty(batch.clear));
    CHECK(sorted_topics_of(batch.clear) == sorted_topics_of(build(minimal("gone"), m)));
  }
}

TEST_CASE("read-back clears the other discovery mode's configs and publishes this one's") {
  ha::discovery_tracker t(settings_for(mode::device), kBridge.id);
  auto old = build(minimal("nas"), mode::entity);
  for (const auto& msg : old)
    t.read_back(msg.topic, msg.payload);
  t.update("nas", build(minimal("nas"), mode::device));
  auto batch = t.end_read_back();
  CHECK(sorted_topics_of(batch.clear) == sorted_topics_of(old));
  CHECK(all_empty(batch.clear));
  CHECK(batch.publish == build(minimal("nas"), mode::device));
}

TEST_CASE("read-back understands abbreviated keys and this bridge's own device") {
  ha::discovery_tracker t(settings_for(mode::entity), kBridge.id);
  CHECK(t.read_back(
      "homeassistant/sensor/n/x/config",
      R"({"o":{"name":"nutmqtt"},"dev":{"ids":["u"],"via_device":"nutmqtt-bridge/home"}})"));
  CHECK(t.read_back(
      "homeassistant/binary_sensor/b/c/config",
      R"({"origin":{"name":"nutmqtt"},"device":{"identifiers":["nutmqtt-bridge/home"]}})"));
  CHECK_FALSE(
      t.read_back("homeassistant/sensor/n/y/config",
                  R"({"o":{"name":"nutmqtt"},"dev":{"via_device":"nutmqtt-bridge/homeX"}})"));
  CHECK_FALSE(t.read_back("homeassistant/sensor/n/z/config", "not json"));
  auto batch = t.end_read_back();
  CHECK(topics_of(batch.clear) == std::vector<std::string>{"homeassistant/binary_sensor/b/c/config",
                                                           "homeassistant/sensor/n/x/config"});
}

TEST_CASE("a UPS removed during the read-back window is cleared when it ends") {
  ha::discovery_tracker t(settings_for(mode::device), kBridge.id);
  for (const auto& msg : build(minimal("nas"), mode::device))
    t.read_back(msg.topic, msg.payload);
  t.update("nas", build(minimal("nas"), mode::device));
  CHECK(t.remove("nas").empty());
  auto batch = t.end_read_back();
  CHECK(topics_of(batch.clear) == topics_of(build(minimal("nas"), mode::device)));
}

TEST_CASE("Home Assistant's birth message gets every current config with the bridge's first") {
  auto settings = settings_for(mode::device);
  ha::discovery_tracker t(settings, kBridge.id);
  CHECK(t.republish().empty());  // nothing before the read-back window ends
  t.update("nas", build(minimal("nas"), mode::device));
  auto bridge = ha::build_bridge_discovery(kBridge, settings, kTopics);
  t.update(std::string(ha::kBridgeOwner), bridge);
  t.end_read_back();
  auto all = t.republish();
  REQUIRE(all.size() == 2);
  CHECK(all[0] == bridge[0]);
  CHECK(all[1] == build(minimal("nas"), mode::device)[0]);
  CHECK(ha::is_birth_message(settings, "homeassistant/status", "online"));
  CHECK_FALSE(ha::is_birth_message(settings, "homeassistant/status", "offline"));
  CHECK_FALSE(ha::is_birth_message(settings, "other/status", "online"));
}

TEST_CASE("configs are made again by their owner's renderer, the old ones only when needed") {
  auto ups = minimal("nas");
  ha::discovery_tracker t(settings_for(mode::device), kBridge.id);
  t.end_read_back();
  int made = 0;
  auto renderer = [&made](ha::ups_snapshot snapshot) {
    return [&made, snapshot] {
      ++made;
      return build(snapshot, mode::device);
    };
  };
  CHECK(t.update("nas", renderer(ups)).publish.size() == 1);
  CHECK(made == 1);
  // Republishing makes them again rather than keeping a copy.
  CHECK(t.republish() == build(ups, mode::device));
  CHECK(made == 2);
  // Unchanged: nothing sent, the old configs are not needed.
  CHECK(t.update("nas", renderer(ups)).empty());
  CHECK(made == 3);
  // A vanished variable: the old configs are made once more, for the removal stub.
  auto changed = ups;
  changed.vars.erase("battery.runtime");
  auto batch = t.update("nas", renderer(changed));
  CHECK(made == 5);
  REQUIRE(batch.clear.size() == 1);
  CHECK(json::parse(batch.clear[0].payload)["cmps"]["battery_runtime"] == json{{"p", "sensor"}});
  CHECK(t.republish() == build(changed, mode::device));
}
