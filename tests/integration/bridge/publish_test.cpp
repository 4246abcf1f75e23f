#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;

TEST_CASE("every variable appears retained, and changes made with upsrw follow") {
  bridge_setup s;

  REQUIRE(s.probe.wait_for_latest("ups/nas/var/battery.charge", "100", 15s));
  CHECK(s.probe.wait_for_latest("ups/nas/var/battery.runtime", "1800", 5s));
  CHECK(s.probe.wait_for_latest("ups/nas/var/input.voltage", "230.0", 5s));
  CHECK(s.probe.wait_for_latest("ups/nas/var/device.mfr", "Dummy Manufacturer", 5s));
  CHECK(s.probe.wait_for_latest("ups/nas/status", "OL", 5s));
  CHECK(s.probe.wait_for_latest("ups/nas/availability", "online", 5s));
  CHECK(s.probe.wait_for_latest("ups/_bridge/test/availability", "online", 5s));

  // The state that carries the variables follows the poll that read them.
  CHECK(s.probe.wait_for(
      [](const received_message& m) {
        return m.topic == "ups/nas/state" &&
               m.payload.find("\"battery.charge\":\"100\"") != std::string::npos;
      },
      5s));
  auto state = nlohmann::json::parse(s.probe.latest("ups/nas/state").value_or("{}"));
  CHECK(state["ups"] == "nas");
  CHECK(state["nut_name"] == "dummy");
  CHECK(state["server"] == s.nut.address());
  CHECK(state["status"] == "OL");
  CHECK(state["flags"] == nlohmann::json::array({"OL"}));
  CHECK(state["vars"]["battery.charge"] == "100");
  CHECK(state["since"].contains("OL"));
  // Every snapshot of a UPS that answers says so, the first (from the variables, asked before
  // the first status poll) included: an agent takes `"available":false` for a failed poll.
  for (const auto& m : s.probe.messages_on("ups/nas/state"))
    CHECK(nlohmann::json::parse(m.payload).value("available", false));

  auto info = nlohmann::json::parse(s.probe.latest("ups/_bridge/test/info").value_or("{}"));
  CHECK(info["servers"][0]["server"] == s.nut.address());

  // A new subscriber gets the same picture from what is retained.
  mqtt_probe late(s.broker.port(), {"ups/nas/#"});
  CHECK(late.wait_for_latest("ups/nas/var/battery.charge", "100", 5s));
  REQUIRE(late.wait_for_topic("ups/nas/status", 5s));
  auto retained = late.messages_on("ups/nas/status");
  REQUIRE_FALSE(retained.empty());
  CHECK(retained.front().retained);

  s.nut.set_var("dummy", "battery.charge", "42");
  CHECK(s.probe.wait_for_latest("ups/nas/var/battery.charge", "42", 10s));
  s.nut.set_var("dummy", "ups.status", "OB DISCHRG");
  CHECK(s.probe.wait_for_latest("ups/nas/status", "OB DISCHRG", 5s));
  CHECK(s.probe.wait_for_latest("ups/nas/var/ups.status", "OB DISCHRG", 5s));
  CHECK(s.probe.wait_for(
      [](const received_message& m) {
        return m.topic == "ups/nas/state" &&
               nlohmann::json::parse(m.payload)["since"].contains("OB");
      },
      5s));
  CHECK(s.bridge.stop() == 0);
  CHECK(s.probe.wait_for_latest("ups/_bridge/test/availability", "offline", 5s));
}

TEST_CASE("a variable that vanishes from the UPS is cleared on MQTT") {
  bridge_setup s;
  REQUIRE(s.probe.wait_for_latest("ups/nas/var/input.voltage", "230.0", 15s));

  // dummy-ups forgets a variable only when it starts again from a file without it.
  s.nut.stop_driver("dummy");
  s.nut.rewrite_dev("dummy", dev_text({{"ups.status", "OL"}, {"battery.charge", "100"}}));
  s.nut.start_driver("dummy");
  CHECK(s.probe.wait_for_latest("ups/nas/var/input.voltage", "", 20s));
  CHECK(s.probe.latest("ups/nas/var/battery.charge") == "100");
  mqtt_probe late(s.broker.port(), {"ups/nas/var/#"});
  CHECK(late.wait_for_topic("ups/nas/var/battery.charge", 5s));
  CHECK_FALSE(late.latest("ups/nas/var/input.voltage").has_value());
}

TEST_CASE("two servers each with a UPS named `ups` publish under their own ids") {
  mosquitto_broker broker;
  nut_server a(one_ups(dev_text({{"ups.status", "OL"}, {"battery.charge", "91"}}), "ups"));
  nut_server b(one_ups(dev_text({{"ups.status", "OB"}, {"battery.charge", "52"}}), "ups"));
  a.start();
  b.start();
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "nut:\n" + server_entry(a, "ups", "nas1") +
                            server_entry(b, "ups", "nas2"));
  mqtt_probe probe(broker.port(), {"ups/#"});
  CHECK(probe.wait_for_latest("ups/nas1/var/battery.charge", "91", 15s));
  CHECK(probe.wait_for_latest("ups/nas2/var/battery.charge", "52", 15s));
  CHECK(probe.wait_for_latest("ups/nas1/status", "OL", 5s));
  CHECK(probe.wait_for_latest("ups/nas2/status", "OB", 5s));
}

TEST_CASE("auto-discovery watches every UPS and refuses an id clash without overwriting") {
  mosquitto_broker broker;
  nut_server::options two;
  two.ups.push_back(dummy_ups{"ups", dev_text({{"ups.status", "OL"}, {"battery.charge", "10"}})});
  two.ups.push_back(
      dummy_ups{"second", dev_text({{"ups.status", "OL"}, {"battery.charge", "20"}})});
  nut_server a(two);
  nut_server b(one_ups(dev_text({{"ups.status", "OB"}, {"battery.charge", "99"}}), "ups"));
  a.start();
  b.start();
  temp_dir dir;
  std::string servers = fmt::format(
      "nut:\n  - {{ host: 127.0.0.1, port: {} }}\n  - {{ host: 127.0.0.1, port: {} }}\n", a.port(),
      b.port());
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge", bridge_header(broker.port()) + servers);
  mqtt_probe probe(broker.port(), {"ups/#"});
  CHECK(probe.wait_for_latest("ups/second/var/battery.charge", "20", 15s));
  CHECK(bridge.wait_for_log("has the same id as UPS `ups`", 15s));
  CHECK(bridge.log().find("distinct `id:`s") != std::string::npos);
  // Whichever server answered first owns `ups`; the other never overwrites it.
  REQUIRE(probe.wait_for_topic("ups/ups/var/battery.charge", 5s));
  std::this_thread::sleep_for(2s);
  CHECK(probe.messages_on("ups/ups/var/battery.charge").size() == 1);
}
