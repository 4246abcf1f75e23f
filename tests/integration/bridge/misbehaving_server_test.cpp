#include <doctest/doctest.h>

#include "bridge_fixture.hpp"
#include "fake_upsd/fake_upsd.hpp"
#include "fake_upsd/realistic_ups.hpp"
#include "support/tls_certificate.hpp"

using namespace nutmqtt::test;
namespace fake = nutmqtt::fake_upsd;

namespace {

std::string fake_entry(int port, const std::string& ups, const std::string& id,
                       const std::string& extra = "") {
  return fmt::format("  - host: 127.0.0.1\n    port: {}\n{}    ups: [ {{ name: {}, id: {} }} ]\n",
                     port, extra, ups, id);
}

}  // namespace

TEST_CASE(
    "garbage, a stall or a 100 KB line from one server neither crashes nor stalls the "
    "bridge, and the other server keeps publishing") {
  mosquitto_broker broker;
  nut_server good(one_ups(simple_dev()));
  good.start();
  fake::server_options o;
  o.ups.push_back(fake::realistic_ups("rack", 1));
  fake::fake_upsd bad(std::move(o));
  auto server = bad.server();
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "nut:\n" +
                            server_entry(good, "dummy", "nas") +
                            fake_entry(bad.port(), "rack", "rack"));
  mqtt_probe probe(broker.port(), {"ups/#"});
  REQUIRE(probe.wait_for_latest("ups/rack/availability", "online", 15s));
  REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));

  struct misbehaviour_case {
    fake::misbehaviour mode;
    std::string logged;
  };
  int charge = 60;
  for (const auto& c :
       {misbehaviour_case{fake::misbehaviour::garbage, "makes no sense"},
        misbehaviour_case{fake::misbehaviour::stall, "did not answer"},
        misbehaviour_case{fake::misbehaviour::long_line, "longer than 8192 bytes"}}) {
    CAPTURE(c.logged);
    server.set_mode(c.mode);
    CHECK(probe.wait_for_latest("ups/rack/availability", "offline", 15s));
    CHECK(bridge.wait_for_log(c.logged, 10s));
    // Meanwhile the good server's changes still reach MQTT promptly.
    good.set_var("dummy", "battery.charge", std::to_string(++charge));
    CHECK(probe.wait_for_latest("ups/nas/var/battery.charge", std::to_string(charge), 5s));
    CHECK(probe.latest("ups/nas/availability") == "online");
    server.set_mode(fake::misbehaviour::normal);
    CHECK(probe.wait_for_latest("ups/rack/availability", "online", 40s));
  }
  CHECK(bridge.process().running());
  CHECK(bridge.stop() == 0);
}

TEST_CASE("STARTTLS required: encrypted and verified against the server's certificate") {
  mosquitto_broker broker;
  temp_dir dir;
  auto cert = make_certificate(dir);
  fake::server_options o;
  o.ups.push_back(fake::realistic_ups("ups", 2));
  o.tls = fake::tls_files{cert.certificate, cert.private_key};
  fake::fake_upsd secure(std::move(o));
  daemon_process bridge(
      dir, "bridge", "nutmqtt-bridge",
      bridge_header(broker.port()) + "nut:\n" +
          fake_entry(secure.port(), "ups", "nas",
                     "    tls: required\n    tls_ca_file: " + cert.certificate.string() + "\n"));
  mqtt_probe probe(broker.port(), {"ups/#"});
  CHECK(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  CHECK(bridge.wait_for_log(
      "connected to upsd at 127.0.0.1:" + std::to_string(secure.port()) + " over TLS", 5s));
}

TEST_CASE("a server certificate the bridge does not trust stops the connection") {
  mosquitto_broker broker;
  temp_dir dir;
  auto cert = make_certificate(dir, "server");
  auto stranger = make_certificate(dir, "stranger");
  fake::server_options o;
  o.ups.push_back(fake::realistic_ups("ups", 3));
  o.tls = fake::tls_files{cert.certificate, cert.private_key};
  fake::fake_upsd secure(std::move(o));
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "nut:\n" +
                            fake_entry(secure.port(), "ups", "nas",
                                       "    tls: required\n    tls_ca_file: " +
                                           stranger.certificate.string() + "\n"));
  CHECK(bridge.wait_for_log(
      "TLS handshake with 127.0.0.1:" + std::to_string(secure.port()) + " failed", 15s));
  mqtt_probe probe(broker.port(), {"ups/#"});
  CHECK(probe.wait_for_latest("ups/nas/availability", "offline", 10s));
}

TEST_CASE("tls: required against upsd without TLS says what to do, tls: auto carries on") {
  mosquitto_broker broker;
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir dir;
  daemon_process strict(dir, "strict", "nutmqtt-bridge",
                        bridge_header(broker.port(), "strict") + "nut:\n" +
                            server_entry(nut, "dummy", "nas1", "    tls: required\n"));
  daemon_process relaxed(dir, "relaxed", "nutmqtt-bridge",
                         bridge_header(broker.port(), "relaxed") + "nut:\n" +
                             server_entry(nut, "dummy", "nas2", "    tls: auto\n"));
  CHECK(
      strict.wait_for_log("does not offer TLS (ERR FEATURE-NOT-CONFIGURED), and tls is "
                          "`required`: configure CERTPATH and CERTIDENT in upsd.conf",
                          15s));
  CHECK(
      relaxed.wait_for_log("does not offer TLS (ERR FEATURE-NOT-CONFIGURED); continuing "
                           "without encryption",
                           15s));
  mqtt_probe probe(broker.port(), {"ups/#"});
  CHECK(probe.wait_for_latest("ups/nas2/availability", "online", 10s));
  CHECK(probe.wait_for_latest("ups/nas1/availability", "offline", 10s));
}
