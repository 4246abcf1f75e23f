// The agent's host in Home Assistant, on a real broker: what is retained passes the same
// validator as the bridge's discovery, and comes again after Home Assistant's birth message.

#include <csignal>

#include <doctest/doctest.h>

#include "agent_fixture.hpp"
#include "support/ha_validator.hpp"

using namespace nutmqtt;
using namespace nutmqtt::test;
using common::event_type;

namespace {

const std::string kDevice = "homeassistant/device/nutmqtt-agent_testhost/config";

agent_options with_homeassistant(const std::string& mode) {
  agent_options o;
  o.rules = R"(
  - { at: ONBATT, ups: "*", start_timer: power-off, after: 5m }
  - { at: ONLINE, ups: "*", cancel_timer: power-off }
)";
  o.shutdown_extra = ", timers: [power-off]";
  o.extra = "homeassistant: { enabled: true, discovery: " + mode + " }\n";
  o.probe_filters = {"ups/#", "homeassistant/#"};
  return o;
}

void check_valid(const mqtt_probe& probe) {
  auto violations = validate_retained(probe.current());
  CHECK_MESSAGE(violations.empty(), describe(violations));
}

}  // namespace

TEST_CASE("homeassistant: the agent's device is valid, idle and counting down") {
  agent_fixture a(with_homeassistant("device"));
  auto& probe = a.probe();
  REQUIRE(probe.wait_for_topic(kDevice, 15s));
  check_valid(probe);
  auto idle = a.agent_state();
  CHECK(idle["shutdown_pending"] == false);
  CHECK(idle["shutdown_in"].is_null());
  a.publish_event(event_type::onbatt, "OB DISCHRG", 1);
  REQUIRE(wait_until([&] { return a.agent_state().value("shutdown_pending", false); }, 10s));
  auto counting = a.agent_state();
  CHECK(counting["shutdown_in"].get<int>() <= 300);
  CHECK(counting["state_text"] == "Shutdown pending: timer power-off");
  check_valid(probe);
  // Refreshed while it counts down, so that the dashboard moves.
  const auto seen = probe.messages_on("ups/_agent/testhost/state").size();
  CHECK(wait_until(
      [&] { return probe.messages_on("ups/_agent/testhost/state").size() >= seen + 2; }, 10s));
  a.publish_event(event_type::online, "OL", 2);
  REQUIRE(wait_until([&] { return !a.agent_state().value("shutdown_pending", true); }, 10s));
  // The last will: the connectivity sensor shows it, the others become unavailable.
  a.agent().process().signal(SIGKILL);
  REQUIRE(wait_until([&] { return !a.online(); }, 20s));
  CHECK(a.agent_state()["state_text"] == "Offline");
  check_valid(probe);
}

TEST_CASE("homeassistant: announced again after Home Assistant's birth message") {
  agent_fixture a(with_homeassistant("device"));
  auto& probe = a.probe();
  REQUIRE(probe.wait_for_topic(kDevice, 15s));
  const auto before = probe.messages_on(kDevice).size();
  probe.publish("homeassistant/status", "online");
  CHECK(wait_until([&] { return probe.messages_on(kDevice).size() > before; }, 15s));
  // Anything else on the status topic is not a birth.
  probe.publish("homeassistant/status", "offline");
  std::this_thread::sleep_for(4s);
  CHECK(probe.messages_on(kDevice).size() == before + 1);
}

TEST_CASE("homeassistant: switching to per-entity discovery clears the device config") {
  agent_fixture a(with_homeassistant("device"));
  auto& probe = a.probe();
  REQUIRE(probe.wait_for_topic(kDevice, 15s));
  a.options().extra = with_homeassistant("entity").extra;
  a.start_agent();
  REQUIRE(probe.wait_for_latest(kDevice, "", 15s));
  REQUIRE(
      probe.wait_for_topic("homeassistant/sensor/nutmqtt-agent_testhost/shutdown_in/config", 15s));
  REQUIRE(probe.wait_for_topic(
      "homeassistant/binary_sensor/nutmqtt-agent_testhost/connectivity/config", 15s));
  check_valid(probe);
}
