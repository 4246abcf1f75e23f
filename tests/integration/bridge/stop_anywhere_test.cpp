// The bridge stops by draining (common/daemon): SIGTERM at any point of its life ends every
// piece of asynchronous work it started, and it exits 0 by itself. A daemon that leaves work
// behind is reported by the test support ("did not drain"); in the sanitizer build
// LeakSanitizer checks that nothing was left allocated, which fails the exit status.

#include <doctest/doctest.h>

#include "bridge_fixture.hpp"
#include "fake_upsd/fake_upsd.hpp"
#include "fake_upsd/realistic_ups.hpp"

using namespace nutmqtt::test;
namespace fake = nutmqtt::fake_upsd;

namespace {

std::string rack_entry(int port, const std::string& extra = "", const std::string& ups_extra = "") {
  return fmt::format(
      "  - host: 127.0.0.1\n    port: {}\n{}    ups: [ {{ name: rack, id: rack{} }} ]\n", port,
      extra, ups_extra);
}

fake::server_options one_rack(fake::misbehaviour mode = fake::misbehaviour::normal) {
  fake::server_options o;
  o.ups.push_back(fake::realistic_ups("rack", 1));
  o.mode = mode;
  return o;
}

}  // namespace

TEST_CASE("stopping the bridge: while neither the broker nor upsd can be reached") {
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(free_port()) + "nut:\n" + rack_entry(free_port()));
  REQUIRE(bridge.wait_for_log("still failing", 15s));
  CHECK(bridge.stop() == 0);
}

TEST_CASE("stopping the bridge: while upsd holds its first request unanswered (STARTTLS)") {
  mosquitto_broker broker;
  fake::fake_upsd stalling(one_rack(fake::misbehaviour::stall));
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "nut:\n" + rack_entry(stalling.port()));
  REQUIRE(wait_until([&] { return stalling.server().requests_total() >= 1; }, 15s));
  CHECK(bridge.stop() == 0);
}

TEST_CASE("stopping the bridge: in the middle of a huge LIST VAR") {
  mosquitto_broker broker;
  auto o = one_rack(fake::misbehaviour::huge_list);
  fake::fake_upsd huge(std::move(o));
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "nut:\n" + rack_entry(huge.port()));
  REQUIRE(wait_until([&] { return huge.server().requests("LIST VAR") >= 1; }, 15s));
  CHECK(bridge.stop() == 0);
}

TEST_CASE("stopping the bridge: with a LOGIN held, which it gives up") {
  mosquitto_broker broker;
  fake::fake_upsd upsd(one_rack());
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "nut:\n" +
                            rack_entry(upsd.port(), "    username: monuser\n    password: secret\n",
                                       ", login: true"));
  REQUIRE(wait_until([&] { return upsd.server().numlogins("rack") == 1; }, 15s));
  CHECK(bridge.stop() == 0);
  CHECK(wait_until([&] { return upsd.server().numlogins("rack") == 0; }, 5s));
}

TEST_CASE("stopping the bridge: with a command sent and its answer not yet in") {
  mosquitto_broker broker;
  fake::fake_upsd upsd(one_rack());
  temp_dir dir;
  daemon_process bridge(
      dir, "bridge", "nutmqtt-bridge",
      bridge_header(broker.port()) + "commands: { instcmd: [beeper.mute] }\nnut:\n" +
          rack_entry(upsd.port(), "    username: admin\n    password: adminpw\n"));
  mqtt_probe probe(broker.port(), {"ups/#"});
  REQUIRE(probe.wait_for_latest("ups/rack/availability", "online", 15s));
  auto server = upsd.server();
  server.set_slow_delay(30s);
  server.set_mode(fake::misbehaviour::slow);
  // Until upsd has it: the bridge may not have subscribed to the command topics yet.
  bool sent = false;
  for (int attempt = 0; attempt < 10 && !sent; ++attempt) {
    probe.publish("ups/rack/cmd/instcmd", R"({"command":"beeper.mute","id":"r1"})", false);
    sent = wait_until([&] { return server.requests("INSTCMD") >= 1; }, 1500ms);
  }
  REQUIRE(sent);
  CHECK(bridge.stop() == 0);
}

TEST_CASE("stopping the bridge: amid the burst of its first publications") {
  mosquitto_broker broker;
  fake::server_options o;
  for (int i = 0; i < 300; ++i)
    o.ups.push_back(fake::realistic_ups("ups" + std::to_string(i), static_cast<unsigned>(i)));
  fake::fake_upsd many(std::move(o));
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "homeassistant: { enabled: true }\nnut:\n" +
                            fmt::format("  - host: 127.0.0.1\n    port: {}\n", many.port()));
  mqtt_probe probe(broker.port(), {"ups/+/state"});
  REQUIRE(probe.wait_for([](const received_message&) { return true; }, 20s));
  CHECK(bridge.stop() == 0);
}
