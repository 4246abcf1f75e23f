// The example flows of examples/node-red in a real Node-RED (tests/nodered pins the version),
// against the test's own mosquitto, upsd + dummy-ups and bridge: an outage and commands played
// through them, and what they recorded.

#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "../bridge/bridge_fixture.hpp"
#include "node_red.hpp"

using namespace nutmqtt::test;
using json = nlohmann::json;

namespace {

struct flows_scene {
  flows_scene()
      : nut(one_ups(dev_text({{"ups.status", "OL"},
                              {"battery.charge", "100"},
                              {"battery.runtime", "1800"},
                              {"battery.charge.low", "20"}}))),
        started((nut.start(), true)),
        bridge(
            dir, "bridge", "nutmqtt-bridge",
            bridge_header(broker.port()) +
                "commands: { instcmd: [beeper.mute], set: [battery.charge.low] }\nnut:\n" +
                server_entry(nut, "dummy", "nas", "    username: admin\n    password: adminpw\n")),
        probe(broker.port(), {"ups/#"}),
        red(dir, broker.port()) {
    REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
    // The retained state and availability reached the flows: their subscriptions are in place.
    REQUIRE(recorded_until("status", 1));
    REQUIRE(wait_until([&] { return red.recorded("availability").size() >= 2; }, 20s));
  }

  bool recorded_until(const std::string& name, std::size_t n) {
    return wait_until([&] { return red.recorded(name).size() >= n; }, 20s);
  }

  // Waits until the bridge published an event of `type` after `after` events in all.
  bool event_published(const std::string& type, std::size_t after) {
    return wait_until(
        [&] {
          auto events = probe.messages_on("ups/nas/event");
          return events.size() > after && json::parse(events.back().payload)["event_type"] == type;
        },
        15s);
  }

  mosquitto_broker broker;
  nut_server nut;
  bool started;
  temp_dir dir;
  daemon_process bridge;
  mqtt_probe probe;
  node_red red;
};

}  // namespace

TEST_CASE("Node-RED: one notification per outage across bridge and Node-RED restarts") {
  flows_scene s;
  s.nut.set_var("dummy", "ups.status", "OB DISCHRG");
  REQUIRE(s.recorded_until("notifications", 1));
  CHECK(s.red.recorded("notifications")[0]["payload"] == "UPS nas on battery");

  // A bridge restarted mid-outage announces ONBATT again, with a new boot: not news.
  auto events = s.probe.messages_on("ups/nas/event").size();
  s.bridge.restart();
  REQUIRE(s.event_published("ONBATT", events));
  REQUIRE(s.recorded_until("not-news", 1));
  auto repeat = s.red.recorded("not-news").back()["payload"];
  CHECK(repeat["event_type"] == "ONBATT");
  CHECK(repeat["boot"] !=
        json::parse(s.probe.messages_on("ups/nas/event").front().payload)["boot"]);

  // The battery runs low while Node-RED is stopped: its persistent session keeps the event.
  s.red.stop();
  events = s.probe.messages_on("ups/nas/event").size();
  s.nut.set_var("dummy", "ups.status", "OB DISCHRG LB");
  REQUIRE(s.event_published("LOWBATT", events));
  s.red.start();
  REQUIRE(s.recorded_until("notifications", 2));
  CHECK(s.red.recorded("notifications")[1]["payload"] == "UPS nas battery is low");

  s.nut.set_var("dummy", "ups.status", "OL CHRG");
  REQUIRE(s.recorded_until("notifications", 3));
  // Ends with a second outage: it is news again.
  s.nut.set_var("dummy", "ups.status", "OB DISCHRG");
  REQUIRE(s.recorded_until("notifications", 4));
  std::vector<std::string> said;
  for (const auto& n : s.red.recorded("notifications"))
    said.push_back(n["payload"]);
  CHECK(said == std::vector<std::string>{"UPS nas on battery", "UPS nas battery is low",
                                         "UPS nas on line power", "UPS nas on battery"});

  // The bridge's restart, seen by the availability flow (changes only).
  std::vector<std::string> bridge_seen;
  for (const auto& a : s.red.recorded("availability")) {
    if (a["payload"]["kind"] == "bridge") {
      bridge_seen.push_back(a["payload"]["online"] == true ? "online" : "offline");
    }
  }
  REQUIRE(bridge_seen.size() >= 3);
  CHECK(std::vector<std::string>(bridge_seen.begin(), bridge_seen.begin() + 3) ==
        std::vector<std::string>{"online", "offline", "online"});

  // The status view passes a line only when the status changed, not at every new state
  // (the charge below changes the state, not the status).
  auto last_status = [&] { return s.red.recorded("status").back()["payload"]["status"]; };
  REQUIRE(wait_until([&] { return last_status() == "OB DISCHRG"; }, 15s));
  auto lines = s.red.recorded("status").size();
  s.nut.set_var("dummy", "battery.charge", "80");
  REQUIRE(s.probe.wait_for(
      [](const received_message& m) {
        return m.topic == "ups/nas/state" &&
               m.payload.find(R"("battery.charge":"80")") != std::string::npos;
      },
      15s));
  s.nut.set_var("dummy", "ups.status", "OL");
  // The states of one topic arrive in order: once OL is there, the charge was seen before it.
  REQUIRE(wait_until([&] { return last_status() == "OL"; }, 15s));
  CHECK(s.red.recorded("status").size() == lines + 1);
  CHECK(s.red.recorded("status").back()["payload"]["text"] ==
        "on line power, battery 80 %, runtime 30 min");
}

TEST_CASE("Node-RED: command buttons get their own results, matched by id") {
  flows_scene s;
  // Another client's request in between: its result must not be taken for the flow's.
  CHECK(s.red.inject("nutmqtt.cmd.low") == 200);
  s.probe.publish("ups/nas/cmd/instcmd", R"({"command":"beeper.mute","id":"someone-else"})");
  CHECK(s.red.inject("nutmqtt.cmd.mute") == 200);
  CHECK(s.red.inject("nutmqtt.cmd.test") == 200);
  REQUIRE(s.recorded_until("results", 3));
  REQUIRE(s.recorded_until("requests", 3));
  REQUIRE(wait_until([&] { return s.probe.messages_on("ups/nas/cmd/result").size() >= 4; }, 15s));

  std::map<std::string, json> sent;  // id -> the request the flow published
  for (const auto& r : s.red.recorded("requests")) {
    CHECK(r["retain"] == false);
    auto request = json::parse(r["payload"].get<std::string>());
    request["topic"] = r["topic"];
    sent[request["id"]] = request;
  }
  REQUIRE(sent.size() == 3);
  std::map<std::string, json> by_name;  // command or variable -> its result
  for (const auto& r : s.red.recorded("results")) {
    const auto& result = r["payload"];
    // The shape every result has, accepted or refused.
    for (const char* key : {"request", "ok", "error", "detail", "time"})
      CHECK(result.contains(key));
    REQUIRE(sent.count(result["request"]["id"]) == 1);
    const auto& mine = sent[result["request"]["id"]];
    const bool is_set = result["request"]["kind"] == "set";
    const std::string name = result["request"][is_set ? "variable" : "command"];
    // The result is about what this very request asked.
    if (is_set) {
      CHECK(mine["topic"] == "ups/nas/cmd/set/" + name);
      CHECK(mine["value"] == result["request"]["value"]);
    } else {
      CHECK(mine["command"] == name);
    }
    by_name[name] = result;
  }
  CHECK(s.red.recorded("results").size() == 3);
  REQUIRE(by_name.size() == 3);

  CHECK(by_name["battery.charge.low"]["ok"] == true);
  CHECK(s.nut.get_var("dummy", "battery.charge.low") == "25");
  CHECK(by_name["beeper.mute"]["error"] == "cmd-not-supported");  // dummy-ups has no beeper
  auto refused = by_name["test.battery.start.quick"];
  CHECK(refused["ok"] == false);
  CHECK(refused["error"] == "refused-not-allowed");
  CHECK(refused["request"]["ups"] == "nas");
  CHECK(refused["detail"].get<std::string>().find("commands.instcmd") != std::string::npos);
}
