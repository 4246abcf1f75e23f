// MQTT 5 request/response: a real MQTT 5 client (mosquitto_rr) sends a command with a response
// topic and correlation data, and gets its result there, while <base>/<ups>/cmd/result still
// has it for everyone else.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"
#include "support/child_process.hpp"

using namespace nutmqtt::test;
using json = nlohmann::json;

namespace {

struct mqtt5_bench {
  mqtt5_bench()
      : nut(one_ups(dev_text(
            {{"ups.status", "OL"}, {"battery.charge", "100"}, {"battery.charge.low", "20"}}))),
        started((nut.start(), true)),
        bridge(dir, "bridge", "nutmqtt-bridge",
               fmt::format(R"(bridge: {{ id: test }}
mqtt: {{ url: "tcp://127.0.0.1:{}", protocol: "5" }}
poll: {{ status_interval: 200ms, vars_interval: 1s, timeout: 1s }}
commands: {{ instcmd: [beeper.mute], set: [battery.charge.low] }}
nut:
  - host: 127.0.0.1
    port: {}
    username: admin
    password: adminpw
    ups: [ {{ name: dummy, id: nas }} ]
)",
                           broker.port(), nut.port())),
        probe(broker.port(), {"ups/#", "replies/#"}) {
    REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  }

  // mosquitto_rr publishes `payload` on `topic` with the response topic and correlation data,
  // waits for one message on the response topic and prints "<correlation data>|<payload>".
  run_result request(const std::string& topic, const std::string& payload,
                     const std::string& response_topic, const std::string& correlation) {
    return run({"mosquitto_rr",
                "-h",
                "127.0.0.1",
                "-p",
                std::to_string(broker.port()),
                "-q",
                "1",
                "-t",
                topic,
                "-m",
                payload,
                "-e",
                response_topic,
                "-D",
                "publish",
                "correlation-data",
                correlation,
                "-F",
                "%D|%p",
                "-W",
                "15"},
               20s);
  }

  mosquitto_broker broker;
  nut_server nut;
  bool started;
  temp_dir dir;
  daemon_process bridge;
  mqtt_probe probe;
};

json payload_after_bar(const std::string& out) {
  auto bar = out.find('|');
  REQUIRE(bar != std::string::npos);
  return json::parse(out.substr(bar + 1));
}

}  // namespace

TEST_CASE("MQTT 5: the result goes to the response topic with the correlation data") {
  mqtt5_bench b;
  auto out = b.request("ups/nas/cmd/set/battery.charge.low", R"({"value":"36","id":"rr-1"})",
                       "replies/node-red", "corr-77");
  REQUIRE(out.status == 0);
  CHECK(out.output.starts_with("corr-77|"));
  auto r = payload_after_bar(out.output);
  CHECK(r["ok"] == true);
  CHECK(r["request"]["id"] == "rr-1");
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "36");
  // The same result on the UPS's result topic, for everyone else.
  REQUIRE(b.probe.wait_for_topic("ups/nas/cmd/result", 5s));
  CHECK(json::parse(b.probe.messages_on("ups/nas/cmd/result").back().payload) == r);

  // A refused request is answered there too, in the same shape.
  out = b.request("ups/nas/cmd/instcmd", R"({"command":"load.off","id":"rr-2"})",
                  "ups/nas/cmd/response/rr", "corr-78");
  REQUIRE(out.status == 0);
  CHECK(out.output.starts_with("corr-78|"));
  r = payload_after_bar(out.output);
  CHECK(r["ok"] == false);
  CHECK(r["error"] == "refused-not-allowed");
  CHECK(r["request"]["id"] == "rr-2");
}

TEST_CASE("MQTT 5: a response topic among the bridge's own topics is refused") {
  mqtt5_bench b;
  b.probe.publish("ups/nas/availability", "online", true);  // what an agent would read
  auto before = b.probe.messages_on("ups/nas/availability").size();
  // mosquitto_rr waits in vain (the bridge does not answer there); its exit does not matter.
  b.request("ups/nas/cmd/instcmd", R"({"command":"beeper.mute","id":"bad-rt"})",
            "ups/nas/availability", "c");
  REQUIRE(b.probe.wait_for(
      [](const received_message& m) {
        return m.topic == "ups/nas/cmd/result" && m.payload.find("bad-rt") != std::string::npos;
      },
      5s));
  auto r = json::parse(b.probe.messages_on("ups/nas/cmd/result").back().payload);
  CHECK(r["error"] == "bad-request");
  CHECK(r["detail"].get<std::string>().find("must lie outside ups/") != std::string::npos);
  CHECK(b.probe.messages_on("ups/nas/availability").size() == before);
  CHECK(read_file(b.nut.dir() / "upsd.log").find("beeper.mute") == std::string::npos);
}
