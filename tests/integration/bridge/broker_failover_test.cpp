// A bridge given two brokers: it publishes on the second while the first is down, returns to
// the first once it is back (failback) with its retained state published again there, and
// starts on the second when the first is down from the start.

#include <doctest/doctest.h>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;

namespace {

constexpr const char* kClientId = "failover-bridge";
constexpr const char* kAvailability = "ups/_bridge/test/availability";

std::string two_brokers_config(const mosquitto_broker& a, const mosquitto_broker& b,
                               const nut_server& nut, const std::string& failback_after) {
  return fmt::format(
             "bridge: {{ id: test }}\n"
             "mqtt: {{ url: [\"{}\", \"{}\"], client_id: {}, failback_after: {} }}\n"
             "poll: {{ status_interval: 200ms, vars_interval: 1s, timeout: 1s }}\n",
             a.url(), b.url(), kClientId, failback_after) +
         "nut:\n" + server_entry(nut, "dummy", "nas");
}

std::string connected_to(const mosquitto_broker& b) {
  return "connected to the MQTT broker at " + b.url() + " as " + kClientId;
}

}  // namespace

TEST_CASE("failover: the bridge publishes on the second broker, then fails back to the first") {
  mosquitto_broker a;
  mosquitto_broker b;
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  mqtt_probe on_a(a.port(), {"ups/#"});
  mqtt_probe on_b(b.port(), {"ups/#"});
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge", two_brokers_config(a, b, nut, "2s"));
  REQUIRE(on_a.wait_for_latest("ups/nas/status", "OL", 15s));
  CHECK(bridge.wait_for_log(connected_to(a), 5s));

  a.stop();
  REQUIRE(bridge.wait_for_log(connected_to(b), 20s));
  // Its retained state, published again on the new broker, and news from upsd after that.
  REQUIRE(on_b.wait_for_latest(kAvailability, "online", 10s));
  REQUIRE(on_b.wait_for_latest("ups/nas/status", "OL", 10s));
  nut.rewrite_dev("dummy", dev_text({{"ups.status", "OB"}, {"battery.charge", "100"}}));
  REQUIRE(on_b.wait_for_latest("ups/nas/status", "OB", 15s));

  // Back on the first broker (which lost every retained message when it stopped): all of it
  // is there again.
  a.start();
  REQUIRE(bridge.wait_for_log_count(connected_to(a), 2, 30s));
  CHECK(on_a.wait_for_latest(kAvailability, "online", 15s));
  CHECK(on_a.wait_for_latest("ups/nas/status", "OB", 15s));
  nut.rewrite_dev("dummy", dev_text({{"ups.status", "OL"}, {"battery.charge", "100"}}));
  CHECK(on_a.wait_for_latest("ups/nas/status", "OL", 15s));

  // The second broker was left cleanly: no last will, so it still says the bridge is online.
  const auto b_log = [&] { return read_file(b.dir() / "mosquitto.log"); };
  const std::string left = std::string("Client ") + kClientId + " disconnected.";
  REQUIRE(wait_until([&] { return b_log().find(left) != std::string::npos; }, 10s));
  CHECK(b_log().find(std::string("Client ") + kClientId + " closed its connection") ==
        std::string::npos);
  on_b.publish("ups/test/round-trip", "1");
  REQUIRE(on_b.wait_for_topic("ups/test/round-trip", 5s));
  CHECK(on_b.latest(kAvailability) == "online");
}

TEST_CASE("failover: a bridge whose first broker is down from the start starts on the second") {
  mosquitto_broker::options down;
  down.start = false;
  mosquitto_broker a(down);
  mosquitto_broker b;
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  mqtt_probe on_b(b.port(), {"ups/#"});
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge", two_brokers_config(a, b, nut, "5m"));
  REQUIRE(bridge.wait_for_log(connected_to(b), 20s));
  CHECK(bridge.log().find("cannot connect to the MQTT broker at " + a.url()) != std::string::npos);
  CHECK(on_b.wait_for_latest("ups/nas/status", "OL", 15s));
  CHECK(on_b.wait_for_latest(kAvailability, "online", 10s));
}
