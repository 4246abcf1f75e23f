#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"
#include "support/tls_certificate.hpp"

using namespace nutmqtt::test;

namespace {

std::string header_with(const std::string& mqtt_section, const std::string& id = "test") {
  return fmt::format(
      "bridge: {{ id: {} }}\nmqtt: {}\n"
      "poll: {{ status_interval: 200ms, vars_interval: 1s, timeout: 1s }}\n",
      id, mqtt_section);
}

}  // namespace

TEST_CASE("TLS to the broker: mqtts:// verified against the broker's certificate") {
  temp_dir certs;
  auto cert = make_certificate(certs);
  mosquitto_broker::options tls;
  tls.extra_conf =
      "certfile " + cert.certificate.string() + "\nkeyfile " + cert.private_key.string() + "\n";
  mosquitto_broker broker(tls);
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir dir;
  daemon_process bridge(
      dir, "bridge", "nutmqtt-bridge",
      header_with(fmt::format("{{ url: \"mqtts://localhost:{}\", tls: {{ ca_file: {} }} }}",
                              broker.port(), cert.certificate.string())) +
          "nut:\n" + server_entry(nut, "dummy", "nas"));
  CHECK(bridge.wait_for_log("connected to the MQTT broker at ssl://localhost:", 15s));
  auto r = run({"mosquitto_sub", "-h", "localhost", "-p", std::to_string(broker.port()), "--cafile",
                cert.certificate.string(), "-t", "ups/nas/status", "-C", "1", "-W", "10"},
               15s);
  CHECK(r.status == 0);
  CHECK(r.output.find("OL") != std::string::npos);
}

TEST_CASE("a broker certificate the bridge does not trust is refused") {
  temp_dir certs;
  auto cert = make_certificate(certs, "broker");
  auto other = make_certificate(certs, "other");
  mosquitto_broker::options tls;
  tls.extra_conf =
      "certfile " + cert.certificate.string() + "\nkeyfile " + cert.private_key.string() + "\n";
  mosquitto_broker broker(tls);
  temp_dir dir;
  daemon_process bridge(
      dir, "bridge", "nutmqtt-bridge",
      header_with(fmt::format("{{ url: \"mqtts://localhost:{}\", tls: {{ ca_file: {} }} }}",
                              broker.port(), other.certificate.string())) +
          "nut: [ { host: 127.0.0.1, port: 1 } ]\n");
  CHECK(bridge.wait_for_log("cannot connect to the MQTT broker at ssl://localhost:", 15s));
  CHECK(bridge.log().find("connected to the MQTT broker") == std::string::npos);
}

TEST_CASE("MQTT 5 and broker credentials, and a wrong password said plainly") {
  temp_dir auth;
  auto passwords = auth.write("passwords", "");
  REQUIRE(run({"mosquitto_passwd", "-b", passwords.string(), "bridge", "s3cret"}, 10s).status == 0);
  mosquitto_broker::options o;
  o.extra_conf = "allow_anonymous false\npassword_file " + passwords.string() + "\n";
  mosquitto_broker broker(o);
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir dir;
  auto password_file = dir.write("mqtt-password", "s3cret\n");
  daemon_process good(dir, "good", "nutmqtt-bridge",
                      header_with(fmt::format("{{ url: \"tcp://127.0.0.1:{}\", username: bridge, "
                                              "password_file: {}, protocol: \"5\" }}",
                                              broker.port(), password_file.string()),
                                  "good") +
                          "nut:\n" + server_entry(nut, "dummy", "nas"));
  daemon_process bad(dir, "bad", "nutmqtt-bridge",
                     header_with(fmt::format("{{ url: \"tcp://127.0.0.1:{}\", username: bridge, "
                                             "password: wrong }}",
                                             broker.port()),
                                 "bad") +
                         "nut:\n" + server_entry(nut, "dummy", "nas2"));
  CHECK(good.wait_for_log("connected to the MQTT broker", 15s));
  CHECK(bad.wait_for_log("cannot connect to the MQTT broker at tcp://127.0.0.1:" +
                             std::to_string(broker.port()) + ": not authorized",
                         15s));
  CHECK(good.log().find("s3cret") == std::string::npos);
  CHECK(bad.log().find("wrong") == std::string::npos);
}

TEST_CASE("while the broker is away the event queue keeps the newest and counts what it dropped") {
  mosquitto_broker broker;
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "events: { queue_limit: 2 }\nnut:\n" +
                            server_entry(nut, "dummy", "nas"));
  REQUIRE(bridge.wait_for_log("is available", 15s));
  REQUIRE(bridge.wait_for_log("connected to the MQTT broker", 15s));
  broker.stop();
  nut.set_var("dummy", "ups.status", "OB DISCHRG");
  REQUIRE(bridge.wait_for_log("event ONBATT", 5s));
  nut.set_var("dummy", "ups.status", "OB LB");
  REQUIRE(bridge.wait_for_log("event LOWBATT", 5s));
  nut.set_var("dummy", "ups.status", "OL");
  REQUIRE(bridge.wait_for_log("event ONLINE", 5s));
  nut.set_var("dummy", "ups.status", "OB");
  REQUIRE(bridge.wait_for_log_count("event ONBATT", 2, 5s));
  CHECK(bridge.wait_for_log("dropping the oldest", 5s));
  broker.start();
  mqtt_probe probe(broker.port(), {"ups/#"});
  REQUIRE(probe.wait_for(
      [](const received_message& m) {
        return m.topic == "ups/_bridge/test/info" &&
               nlohmann::json::parse(m.payload)["events"]["dropped"] == 2;
      },
      20s));
  // Events wait at the broker only for persistent sessions; the info tells the rest.
  CHECK(probe.wait_for_latest("ups/nas/status", "OB", 10s));
}
