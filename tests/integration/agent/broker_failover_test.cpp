// An agent given two brokers: it fails over to the second when the first is gone, goes on
// acting on events there, returns to the first once it is back (failback), and starts on the
// second when the first is down from the start.

#include <doctest/doctest.h>

#include "agent_fixture.hpp"
#include "support/bridge_messages.hpp"
#include "support/mqtt_probe.hpp"

using namespace nutmqtt::test;
using nutmqtt::common::event_type;

namespace {

constexpr const char* kClientId = "failover-agent";
constexpr const char* kStateTopic = "ups/_agent/testhost/state";

agent_options two_brokers(const mosquitto_broker& a, const mosquitto_broker& b,
                          const std::string& failback_after) {
  agent_options o;
  o.mqtt_url = "[\"" + a.url() + "\", \"" + b.url() + "\"]";
  o.mqtt_extra = std::string(", client_id: ") + kClientId + ", failback_after: " + failback_after;
  return o;
}

bool online_on(const mqtt_probe& p) {
  auto s = p.latest(kStateTopic);
  return s && s->find("\"online\":true") != std::string::npos;
}

std::string connected_to(const mosquitto_broker& b) {
  return "connected to the MQTT broker at " + b.url() + " as " + kClientId;
}

std::string mosquitto_log(const mosquitto_broker& b) {
  return read_file(b.dir() / "mosquitto.log");
}

}  // namespace

TEST_CASE("failover: the agent moves to the second broker, acts there, and fails back") {
  mosquitto_broker a;
  mosquitto_broker b;
  mqtt_probe on_b(b.port(), {"ups/_agent/#"});
  agent_fixture f(a, two_brokers(a, b, "2s"));
  REQUIRE(f.agent().wait_for_log(connected_to(a), 10s));

  // The first broker goes away: one failed attempt there, then the second.
  a.stop();
  REQUIRE(f.agent().wait_for_log(connected_to(b), 20s));
  // A new session on b (its persistent one lived on a): rebuilt from scratch, state published.
  REQUIRE(wait_until([&] { return online_on(on_b); }, 20s));
  on_b.publish("ups/nas/event", bridge_event(event_type::online, "nas", "OL", 1));
  REQUIRE(f.wait_for_call("power-on|nas|ONLINE|"));

  // The first broker is back: within failback_after (and a probe) the agent returns to it.
  a.start();
  REQUIRE(f.agent().wait_for_log_count(connected_to(a), 2, 30s));
  CHECK(f.agent().wait_for_log("accepts connections again: leaving " + b.url(), 5s));
  // The test's own client on the first broker reconnects too (slowly under the sanitizers):
  // the agent's state it last saw there says online already, from before the broker stopped.
  REQUIRE(wait_until([&] { return f.probe().connected(); }, 20s));
  REQUIRE(wait_until([&] { return f.online(); }, 20s));
  f.publish_event(event_type::onbatt, "OB DISCHRG", 2);
  REQUIRE(f.wait_for_call("power-off|nas|ONBATT|"));

  // It left b cleanly, so b did not send its last will: its retained state there is the last
  // it published, not "offline".
  const std::string left = std::string("Client ") + kClientId + " disconnected.";
  REQUIRE(wait_until([&] { return mosquitto_log(b).find(left) != std::string::npos; }, 10s));
  CHECK(mosquitto_log(b).find(std::string("Client ") + kClientId + " closed its connection") ==
        std::string::npos);
  on_b.publish("ups/_agent/test/round-trip", "1");
  REQUIRE(on_b.wait_for_topic("ups/_agent/test/round-trip", 5s));
  CHECK(online_on(on_b));
}

TEST_CASE("failover: an agent whose first broker is down from the start starts on the second") {
  mosquitto_broker::options down;
  down.start = false;
  mosquitto_broker a(down);
  mosquitto_broker b;
  // The fixture's own probe listens on b, where the agent is expected.
  agent_fixture f(b, two_brokers(a, b, "never"));
  CHECK(f.agent().wait_for_log(connected_to(b), 10s));
  CHECK(f.agent().log().find("cannot connect to the MQTT broker at " + a.url()) !=
        std::string::npos);
  CHECK(f.agent().wait_for_log("staying on it while it works (failback_after: never)", 5s));
  f.publish_event(event_type::onbatt, "OB DISCHRG", 1);
  REQUIRE(f.wait_for_call("power-off|nas|ONBATT|"));
}
