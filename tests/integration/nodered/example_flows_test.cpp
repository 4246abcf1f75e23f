// The example flows as a user imports them: what docs/node-red.md promises of their MQTT nodes,
// and that every wire leads somewhere. (What they do is tested against a real Node-RED in
// flows_test.cpp.)

#include <fstream>
#include <map>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using json = nlohmann::json;

namespace {

json example_flows() {
  std::ifstream in(std::string(NUTMQTT_SOURCE_DIR) + "/examples/node-red/nutmqtt-flows.json");
  return json::parse(in);
}

}  // namespace

TEST_CASE("the example broker node keeps a persistent session") {
  auto flows = example_flows();
  int brokers = 0;
  for (const auto& n : flows) {
    if (n["type"] != "mqtt-broker") continue;
    ++brokers;
    CHECK(n["cleansession"] == false);
    // Node-RED unsubscribes on close unless told not to: nothing would be queued while it is
    // stopped.
    CHECK(n["autoUnsubscribe"] == false);
    CHECK_FALSE(n["clientid"].get<std::string>().empty());
  }
  CHECK(brokers == 1);
}

TEST_CASE("the example MQTT nodes use QoS 1, and commands are never retained") {
  int in = 0;
  int out = 0;
  for (const auto& n : example_flows()) {
    if (n["type"] == "mqtt in") {
      ++in;
      CHECK(n["qos"] == "1");
      CHECK(n["broker"] == "nutmqtt-broker");
    } else if (n["type"] == "mqtt out") {
      ++out;
      CHECK(n["qos"] == "1");
      CHECK(n["retain"] == "false");  // "" would copy msg.retain from an incoming message
    }
  }
  CHECK(in >= 6);
  CHECK(out == 1);
}

TEST_CASE("every wire of the example flows leads to a node on the same tab") {
  auto flows = example_flows();
  std::map<std::string, std::string> tab_of;
  for (const auto& n : flows)
    tab_of[n["id"]] = n.value("z", "");
  for (const auto& n : flows) {
    if (!n.contains("wires")) continue;
    for (const auto& output : n["wires"]) {
      for (const auto& target : output) {
        CAPTURE(n["id"]);
        CAPTURE(target);
        REQUIRE(tab_of.count(target) == 1);
        CHECK(tab_of[target] == n["z"]);
      }
    }
  }
}
