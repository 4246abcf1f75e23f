#include "homeassistant/entities/agent_discovery.hpp"

#include <algorithm>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "homeassistant/discovery/discovery_tracker.hpp"
#include "support/ha_validator.hpp"

using namespace nutmqtt;
using nlohmann::json;
using mode = ha::discovery_settings::mode;

namespace {

const ha::agent_identity kAgent{"raspberrypi", "0.1.0"};
const common::topic_scheme kTopics("ups");
const std::string kState = "ups/_agent/raspberrypi/state";

ha::discovery_settings settings_for(mode m) {
  ha::discovery_settings s;
  s.enabled = true;
  s.discovery = m;
  return s;
}

std::map<std::string, std::string> configs(const std::vector<ha::discovery_message>& messages) {
  std::map<std::string, std::string> out;
  for (const auto& m : messages)
    out[m.topic] = m.payload;
  return out;
}

// Agent states as the agent publishes them: counting down, idle, and its last will.
const char* kCounting =
    R"({"agent":"raspberrypi","online":true,"shutdown_pending":true,"shutdown_in":42,)"
    R"("state_text":"Shutdown pending: timer power-off"})";
const char* kIdle =
    R"({"agent":"raspberrypi","online":true,"shutdown_pending":false,"shutdown_in":null,)"
    R"("state_text":"On line power"})";
const char* kOffline =
    R"({"agent":"raspberrypi","online":false,"shutdown_pending":false,"shutdown_in":null,)"
    R"("state_text":"Offline"})";

}  // namespace

TEST_CASE("the agent's discovery passes Home Assistant's rules in both modes and every state") {
  for (auto m : {mode::device, mode::entity}) {
    auto messages = ha::build_agent_discovery(kAgent, settings_for(m), kTopics);
    CHECK(messages.size() == (m == mode::device ? 1U : 4U));
    for (const char* state : {kCounting, kIdle, kOffline}) {
      auto violations = test::validate_discovery(configs(messages), {{kState, state}});
      CHECK_MESSAGE(violations.empty(), test::describe(violations));
    }
  }
}

TEST_CASE("one device per agent with its four entities, the connectivity never unavailable") {
  auto messages = ha::build_agent_discovery(kAgent, settings_for(mode::device), kTopics);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].topic == "homeassistant/device/nutmqtt-agent_raspberrypi/config");
  auto cfg = json::parse(messages[0].payload);
  CHECK(cfg["dev"]["identifiers"] == json::array({"nutmqtt-agent/raspberrypi"}));
  CHECK(cfg["o"]["name"] == "nutmqtt");
  const auto& c = cfg["cmps"];
  CHECK(c["shutdown_in"]["unique_id"] == "nutmqtt-agent/raspberrypi/shutdown_in");
  CHECK(c["shutdown_in"]["default_entity_id"] == "sensor.nutmqtt_agent_raspberrypi_shutdown_in");
  CHECK(c["shutdown_in"]["unit_of_measurement"] == "s");
  CHECK(c["shutdown_pending"]["p"] == "binary_sensor");
  CHECK(c["state"]["value_template"] == "{{ value_json['state_text'] }}");
  CHECK(c["connectivity"]["device_class"] == "connectivity");
  CHECK_FALSE(c["connectivity"].contains("availability"));
  REQUIRE(c["shutdown_in"].contains("availability"));
  CHECK(c["shutdown_in"]["availability"][0]["topic"] == kState);
  CHECK(c["shutdown_in"]["availability"][0]["payload_not_available"] == "False");
}

TEST_CASE("every topic the agent could have used, to clear after a change of mode") {
  auto topics = ha::agent_discovery_topics(kAgent, settings_for(mode::device));
  CHECK(topics.size() == 5);
  CHECK(std::count(topics.begin(), topics.end(),
                   "homeassistant/sensor/nutmqtt-agent_raspberrypi/shutdown_in/config") == 1);
  CHECK(std::count(topics.begin(), topics.end(),
                   "homeassistant/device/nutmqtt-agent_raspberrypi/config") == 1);
  // An id with characters a discovery topic cannot hold is kept apart by a hash.
  auto odd = ha::build_agent_discovery({"pi.lan", "0.1.0"}, settings_for(mode::device), kTopics);
  CHECK(odd[0].topic.starts_with("homeassistant/device/nutmqtt-agent_pi_lan_"));
}

TEST_CASE("the agent's configs are told apart from the bridges' and pass through the tracker") {
  ha::discovery_tracker tracker(settings_for(mode::device), kAgent.id);
  tracker.end_read_back();
  auto batch = tracker.update(
      "agent", ha::build_agent_discovery(kAgent, settings_for(mode::device), kTopics));
  CHECK(batch.clear.empty());
  CHECK(batch.publish.size() == 1);
  CHECK(tracker
            .update("agent", ha::build_agent_discovery(kAgent, settings_for(mode::device), kTopics))
            .empty());
  CHECK(tracker.republish().size() == 1);
  CHECK_FALSE(ha::written_by_bridge(json::parse(batch.publish[0].payload), kAgent.id));
}
