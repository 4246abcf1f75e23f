#include <doctest/doctest.h>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;

TEST_CASE("driver killed: the UPS goes offline, driver back: online again") {
  bridge_setup s;
  REQUIRE(s.probe.wait_for_latest("ups/nas/availability", "online", 15s));
  s.nut.stop_driver("dummy");
  CHECK(s.probe.wait_for_latest("ups/nas/availability", "offline", 10s));
  CHECK(s.bridge.wait_for_log("DRIVER-NOT-CONNECTED", 5s));
  // The bridge itself stays online: only this UPS has no data.
  CHECK(s.probe.latest("ups/_bridge/test/availability") == "online");
  s.nut.start_driver("dummy");
  CHECK(s.probe.wait_for_latest("ups/nas/availability", "online", 15s));
}

TEST_CASE("upsd stopped and restarted: the bridge reconnects on its own") {
  bridge_setup s;
  REQUIRE(s.probe.wait_for_latest("ups/nas/availability", "online", 15s));
  s.nut.stop_upsd();
  CHECK(s.probe.wait_for_latest("ups/nas/availability", "offline", 10s));
  CHECK(s.bridge.wait_for_log("lost the connection to upsd at " + s.nut.address(), 5s));
  // A 2.8.0 driver may not survive its upsd going away: restart both, as an admin would.
  s.nut.stop_driver("dummy");
  s.nut.start_driver("dummy");
  s.nut.start_upsd();
  CHECK(s.probe.wait_for_latest("ups/nas/availability", "online", 40s));
  s.nut.set_var("dummy", "battery.charge", "77");
  CHECK(s.probe.wait_for_latest("ups/nas/var/battery.charge", "77", 10s));
  CHECK(s.bridge.process().running());
}

TEST_CASE("a wrong password and an unknown UPS are reported with what to check") {
  mosquitto_broker broker;
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir dir;
  std::string servers = fmt::format(R"(nut:
  - host: 127.0.0.1
    port: {}
    username: monuser
    password: not-the-password
    ups: [ {{ name: dummy, id: nas }}, {{ name: nope, id: other }} ]
)",
                                    nut.port());
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge", bridge_header(broker.port()) + servers);
  mqtt_probe probe(broker.port(), {"ups/#"});
  CHECK(
      bridge.wait_for_log("refused user `monuser` both LOGIN and SET (ERR ACCESS-DENIED on "
                          "LOGIN, ERR ACCESS-DENIED on SET VAR): the password may be wrong",
                          15s));
  CHECK(bridge.wait_for_log(
      "upsd at " + nut.address() + " has no UPS named `nope` (nut[0].ups[1]); it has: dummy", 5s));
  // Neither stops the UPS that does work, and the missing one is marked unavailable.
  CHECK(probe.wait_for_latest("ups/nas/availability", "online", 10s));
  CHECK(probe.wait_for_latest("ups/other/availability", "offline", 10s));
  CHECK(bridge.log().find("not-the-password") == std::string::npos);
}

TEST_CASE("connection refused is reported once, then retried quietly") {
  mosquitto_broker broker;
  int port = free_port();
  temp_dir dir;
  daemon_process bridge(
      dir, "bridge", "nutmqtt-bridge",
      bridge_header(broker.port()) +
          fmt::format("nut: [ {{ host: 127.0.0.1, port: {}, ups: [ {{ name: ups }} ] }} ]\n",
                      port));
  CHECK(bridge.wait_for_log("nothing listens on 127.0.0.1:" + std::to_string(port) +
                                " (connection refused): is upsd running",
                            10s));
  CHECK(bridge.wait_for_log("still failing", 10s));
  CHECK(bridge.count_in_log("(connection refused)") >= 1);
  mqtt_probe probe(broker.port(), {"ups/#"});
  CHECK(probe.wait_for_latest("ups/ups/availability", "offline", 10s));
}

TEST_CASE("broker restarted without persistence: every retained topic is correct again") {
  mosquitto_broker broker;
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir dir;
  daemon_process bridge(
      dir, "bridge", "nutmqtt-bridge",
      bridge_header(broker.port()) + "nut:\n" + server_entry(nut, "dummy", "nas"));
  {
    mqtt_probe probe(broker.port(), {"ups/#"});
    REQUIRE(probe.wait_for_latest("ups/nas/var/input.voltage", "230.0", 15s));
  }
  broker.stop();
  nut.set_var("dummy", "battery.charge", "55");  // changes while the broker is away
  std::this_thread::sleep_for(1500ms);
  broker.start();
  CHECK(bridge.wait_for_log_count("connected to the MQTT broker", 2, 15s));
  mqtt_probe fresh(broker.port(), {"ups/#"});
  CHECK(fresh.wait_for_latest("ups/nas/var/battery.charge", "55", 15s));
  CHECK(fresh.wait_for_latest("ups/nas/var/input.voltage", "230.0", 5s));
  CHECK(fresh.wait_for_latest("ups/nas/status", "OL", 5s));
  CHECK(fresh.wait_for_latest("ups/nas/availability", "online", 5s));
  CHECK(fresh.wait_for_latest("ups/_bridge/test/availability", "online", 5s));
  CHECK(fresh.wait_for_topic("ups/nas/state", 5s));
  CHECK(fresh.wait_for_topic("ups/_bridge/test/info", 5s));
}

TEST_CASE("broker restarted with its persistence file: stale values are overwritten or cleared") {
  mosquitto_broker::options persistent;
  persistent.persistence = true;
  mosquitto_broker broker(persistent);
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir dir;
  daemon_process bridge(
      dir, "bridge", "nutmqtt-bridge",
      bridge_header(broker.port()) + "nut:\n" + server_entry(nut, "dummy", "nas"));
  {
    mqtt_probe probe(broker.port(), {"ups/#"});
    REQUIRE(probe.wait_for_latest("ups/nas/var/input.voltage", "230.0", 15s));
  }
  broker.stop();
  // While the broker is away the variable vanishes and the UPS goes on battery.
  nut.stop_driver("dummy");
  nut.rewrite_dev("dummy", dev_text({{"ups.status", "OB"}, {"battery.charge", "100"}}));
  nut.start_driver("dummy");
  CHECK(bridge.wait_for_log("event ONBATT", 15s));
  std::this_thread::sleep_for(1500ms);  // a variables poll
  broker.start();
  CHECK(bridge.wait_for_log_count("connected to the MQTT broker", 2, 15s));
  mqtt_probe fresh(broker.port(), {"ups/#"});
  CHECK(fresh.wait_for_latest("ups/nas/status", "OB", 10s));
  CHECK(fresh.wait_for_latest("ups/nas/availability", "online", 5s));
  // Either the broker has forgotten it, or it heard the clearing (empty) payload.
  CHECK(fresh.latest("ups/nas/var/input.voltage").value_or("") == "");
}
