// Several bridges under one base topic, on one real mosquitto, each with its own upsd: every
// bridge receives every command, and exactly one answers it - the bridge that has the UPS, or
// for a UPS none has, the first online bridge in id order.

#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;
using json = nlohmann::json;

namespace {

nut_server::options commandable() {
  return one_ups(
      dev_text({{"ups.status", "OL"}, {"battery.charge", "100"}, {"battery.charge.low", "20"}}));
}

std::string bridge_config(const std::string& id, int mqtt_port, const nut_server& nut,
                          const std::string& ups_id) {
  return bridge_header(mqtt_port, id) + "commands: { set: [battery.charge.low] }\nnut:\n" +
         server_entry(nut, "dummy", ups_id, "    username: admin\n    password: adminpw\n");
}

struct two_bridges {
  two_bridges()
      : nut_a(commandable()),
        nut_b(commandable()),
        started((nut_a.start(), nut_b.start(), true)),
        alpha(dir, "alpha", "nutmqtt-bridge", bridge_config("alpha", broker.port(), nut_a, "nas")),
        beta(dir, "beta", "nutmqtt-bridge", bridge_config("beta", broker.port(), nut_b, "pi-ups")),
        probe(broker.port(), {"ups/#"}) {
    // Each has its UPS, and has heard the other's (retained) info listing its own.
    REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
    REQUIRE(probe.wait_for_latest("ups/pi-ups/availability", "online", 15s));
    REQUIRE(wait_until(
        [&] {
          return lists("ups/_bridge/alpha/info", "nas") && lists("ups/_bridge/beta/info", "pi-ups");
        },
        15s));
  }

  bool lists(const std::string& info_topic, const std::string& ups) const {
    const auto info = probe.latest(info_topic);
    return info && info->find("\"id\":\"" + ups + "\"") != std::string::npos;
  }

  std::vector<json> results(const std::string& ups) const {
    std::vector<json> out;
    for (const auto& m : probe.messages_on("ups/" + ups + "/cmd/result"))
      out.push_back(json::parse(m.payload));
    return out;
  }

  // The results of one request: the first, then any other that comes within `quiet`.
  std::vector<json> answers(const std::string& ups, const std::string& payload,
                            std::chrono::milliseconds quiet = 2s) {
    const auto before = results(ups).size();
    probe.publish("ups/" + ups + "/cmd/set/battery.charge.low", payload);
    REQUIRE(wait_until([&] { return results(ups).size() > before; }, 15s));
    wait_until([&] { return results(ups).size() > before + 1; }, quiet);
    auto all = results(ups);
    return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
  }

  mosquitto_broker broker;
  nut_server nut_a, nut_b;
  bool started;
  temp_dir dir;
  daemon_process alpha, beta;
  mqtt_probe probe;
};

}  // namespace

TEST_CASE("a command is answered once, by the bridge that has the UPS") {
  two_bridges b;
  auto got = b.answers("nas", R"({"value":"31","id":"one"})");
  REQUIRE(got.size() == 1);
  CHECK(got[0]["ok"] == true);
  CHECK(got[0]["request"]["id"] == "one");
  got = b.answers("pi-ups", R"({"value":"32","id":"two"})");
  REQUIRE(got.size() == 1);
  CHECK(got[0]["ok"] == true);
  CHECK(got[0]["request"]["id"] == "two");
  // Each reached the upsd of its own UPS.
  CHECK(b.nut_a.get_var("dummy", "battery.charge.low") == "31");
  CHECK(b.nut_b.get_var("dummy", "battery.charge.low") == "32");
}

TEST_CASE("a UPS no bridge has is answered unknown-ups once, by the first bridge in id order") {
  two_bridges b;
  const auto got = b.answers("ghost", "25");
  REQUIRE(got.size() == 1);
  CHECK(got[0]["ok"] == false);
  CHECK(got[0]["error"] == "unknown-ups");
  CHECK(b.alpha.count_in_log("refused: no UPS with the id ghost") == 1);
  CHECK(b.beta.count_in_log("refused: no UPS with the id ghost") == 0);
  // With the first bridge gone (it says offline as it stops), the other one answers.
  b.alpha.stop();
  REQUIRE(b.probe.wait_for_latest("ups/_bridge/alpha/availability", "offline", 15s));
  const auto after = b.answers("ghost", "25");
  REQUIRE(after.size() == 1);
  CHECK(after[0]["error"] == "unknown-ups");
}

TEST_CASE("two bridges with the same UPS: a command runs once, on the first in id order") {
  mosquitto_broker broker;
  nut_server nut(commandable());
  nut.start();
  temp_dir dir;
  daemon_process alpha(dir, "alpha", "nutmqtt-bridge",
                       bridge_config("alpha", broker.port(), nut, "nas"));
  daemon_process beta(dir, "beta", "nutmqtt-bridge",
                      bridge_config("beta", broker.port(), nut, "nas"));
  mqtt_probe probe(broker.port(), {"ups/#"});
  REQUIRE(probe.wait_for_latest("ups/nas/availability/alpha", "online", 15s));
  REQUIRE(probe.wait_for_latest("ups/nas/availability/beta", "online", 15s));
  REQUIRE(wait_until(
      [&] {
        auto a = probe.latest("ups/_bridge/alpha/info");
        auto b = probe.latest("ups/_bridge/beta/info");
        return a && b && a->find("\"id\":\"nas\"") != std::string::npos &&
               b->find("\"id\":\"nas\"") != std::string::npos;
      },
      15s));
  probe.publish("ups/nas/cmd/set/battery.charge.low", R"({"value":"33","id":"once"})");
  REQUIRE(wait_until([&] { return !probe.messages_on("ups/nas/cmd/result").empty(); }, 15s));
  wait_until([&] { return probe.messages_on("ups/nas/cmd/result").size() > 1; }, 2s);
  const auto results = probe.messages_on("ups/nas/cmd/result");
  REQUIRE(results.size() == 1);
  CHECK(json::parse(results[0].payload)["ok"] == true);
  CHECK(nut.get_var("dummy", "battery.charge.low") == "33");
  CHECK(alpha.count_in_log("left to the other bridges") == 0);
  CHECK(beta.count_in_log("left to the other bridges") == 1);
  // The first gone, the other runs them.
  alpha.stop();
  REQUIRE(probe.wait_for_latest("ups/_bridge/alpha/availability", "offline", 15s));
  probe.publish("ups/nas/cmd/set/battery.charge.low", R"({"value":"34","id":"then"})");
  REQUIRE(wait_until([&] { return probe.messages_on("ups/nas/cmd/result").size() > 1; }, 15s));
  CHECK(json::parse(probe.messages_on("ups/nas/cmd/result")[1].payload)["ok"] == true);
  CHECK(nut.get_var("dummy", "battery.charge.low") == "34");
}
