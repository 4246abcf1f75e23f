// Two bridges publishing one UPS id (active-active), each polling its own upsd of the same UPS,
// on one real mosquitto: the aggregate availability is online while either bridge polls the
// UPS, and each bridge's own say is beside it.

#include <string>

#include <doctest/doctest.h>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;

namespace {

std::string config_for(const std::string& id, int mqtt_port, const nut_server& nut) {
  return bridge_header(mqtt_port, id) + "nut:\n" + server_entry(nut, "dummy", "nas");
}

}  // namespace

TEST_CASE("two bridges: the aggregate availability is online while either polls the UPS") {
  mosquitto_broker broker;
  nut_server nut_a(one_ups(simple_dev())), nut_b(one_ups(simple_dev()));
  nut_a.start();
  nut_b.start();
  temp_dir dir;
  mqtt_probe probe(broker.port(), {"ups/#"});
  daemon_process alpha(dir, "a", "nutmqtt-bridge", config_for("a", broker.port(), nut_a));
  daemon_process beta(dir, "b", "nutmqtt-bridge", config_for("b", broker.port(), nut_b));
  REQUIRE(probe.wait_for_latest("ups/nas/availability/a", "online", 15s));
  REQUIRE(probe.wait_for_latest("ups/nas/availability/b", "online", 15s));
  REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  // a has heard b's say (a bridge just started may not have yet, and would count only itself).
  REQUIRE(alpha.wait_for_log("bridge b polls UPS nas", 15s));
  const auto offline_published = [&] {
    std::size_t n = 0;
    for (const auto& m : probe.messages_on("ups/nas/availability"))
      if (m.payload == "offline") ++n;
    return n;
  };
  // a loses its upsd: its own say goes offline, the aggregate never does.
  nut_a.kill_upsd();
  REQUIRE(probe.wait_for_latest("ups/nas/availability/a", "offline", 15s));
  wait_until([&] { return offline_published() > 0; }, 2s);
  CHECK(offline_published() == 0);
  CHECK(probe.latest("ups/nas/availability") == "online");
  // b loses its upsd too: nobody polls the UPS.
  nut_b.kill_upsd();
  REQUIRE(probe.wait_for_latest("ups/nas/availability/b", "offline", 15s));
  REQUIRE(probe.wait_for_latest("ups/nas/availability", "offline", 15s));
  // a's upsd back (with its driver, as an admin would restart them): online again.
  nut_a.stop_driver("dummy");
  nut_a.start_driver("dummy");
  nut_a.start_upsd();
  REQUIRE(probe.wait_for_latest("ups/nas/availability/a", "online", 60s));
  REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  // b stops: its last say stays retained, but an offline bridge reaches nothing - a, which
  // polls the UPS, keeps the aggregate online; a stopping too leaves it as it was.
  beta.stop();
  REQUIRE(probe.wait_for_latest("ups/_bridge/b/availability", "offline", 15s));
  CHECK(probe.latest("ups/nas/availability") == "online");
}

TEST_CASE("a bridge clears the availability an earlier run of it left for a UPS it no longer has") {
  mosquitto_broker broker;
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir dir;
  mqtt_probe probe(broker.port(), {"ups/#"});
  probe.publish("ups/retired/availability/a", "online", true);
  probe.publish("ups/retired/availability/other", "online", true);
  REQUIRE(probe.wait_for_latest("ups/retired/availability/a", "online", 5s));
  daemon_process alpha(dir, "a", "nutmqtt-bridge", config_for("a", broker.port(), nut));
  REQUIRE(probe.wait_for_latest("ups/nas/availability/a", "online", 15s));
  REQUIRE(probe.wait_for_latest("ups/retired/availability/a", "", 15s));
  // Another bridge's topics are its own business.
  CHECK(probe.latest("ups/retired/availability/other") == "online");
  CHECK(probe.latest("ups/nas/availability/a") == "online");
}
