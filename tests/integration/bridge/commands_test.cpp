// Commands from MQTT against a real upsd + dummy-ups: the plain and JSON request forms, the one
// result shape with its error codes, the order of results, and retained commands.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;
using json = nlohmann::ordered_json;  // keeps the order of keys, which the shape fixes

namespace {

bridge_setup_options command_options() {
  bridge_setup_options o;
  o.nut = one_ups(
      dev_text({{"ups.status", "OL"}, {"battery.charge", "100"}, {"battery.charge.low", "20"}}));
  o.config = "commands: { instcmd: [load.off, beeper.mute], set: [battery.charge.low] }\n";
  o.server = "    username: admin\n    password: adminpw\n";
  return o;
}

struct command_bench : bridge_setup {
  explicit command_bench(bridge_setup_options o = command_options()) : bridge_setup(std::move(o)) {
    REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  }

  std::vector<json> results(const std::string& ups = "nas") const {
    std::vector<json> out;
    for (const auto& m : probe.messages_on("ups/" + ups + "/cmd/result"))
      out.push_back(json::parse(m.payload));
    return out;
  }

  json result_after(const std::string& topic, const std::string& payload, bool retain = false,
                    const std::string& ups = "nas") {
    auto before = results(ups).size();
    probe.publish(topic, payload, retain);
    REQUIRE(wait_until([&] { return results(ups).size() > before; }, 15s));
    return results(ups).back();
  }

  std::string upsd_log() const { return read_file(nut.dir() / "upsd.log"); }
};

// Every result has these keys, in this order, whatever its outcome.
void check_shape(const json& r) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : r.items())
    keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"request", "ok", "error", "detail", "time"});
  CHECK(r["request"].is_object());
  CHECK(r["request"]["ups"].is_string());
  CHECK(r["ok"].is_boolean());
  CHECK((r["ok"] == true ? r["error"].is_null() : r["error"].is_string()));
  CHECK(r["detail"].is_string());
  CHECK_FALSE(r["detail"].get<std::string>().empty());
  CHECK(r["time"].is_string());
}

}  // namespace

TEST_CASE("an allowed SET from MQTT changes the variable on upsd and reports ok") {
  command_bench b;
  auto r = b.result_after("ups/nas/cmd/set/battery.charge.low", "35");
  check_shape(r);
  CHECK(r["ok"] == true);
  CHECK(r["request"] ==
        json::parse(R"({"ups":"nas","kind":"set","variable":"battery.charge.low","value":"35"})"));
  CHECK(r["detail"] == "the driver reported success");
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "35");
  CHECK(b.probe.wait_for_latest("ups/nas/var/battery.charge.low", "35", 10s));
}

TEST_CASE("JSON requests have their id echoed in the result, accepted or refused") {
  command_bench b;
  auto r = b.result_after("ups/nas/cmd/set/battery.charge.low", R"({"value":27,"id":"req-1"})");
  check_shape(r);
  CHECK(r["ok"] == true);
  CHECK(r["request"]["id"] == "req-1");
  CHECK(r["request"]["value"] == "27");
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "27");

  r = b.result_after("ups/nas/cmd/instcmd", R"({"command":"beeper.mute","id":"req-2"})");
  check_shape(r);
  CHECK(r["ok"] == false);
  CHECK(r["error"] == "cmd-not-supported");
  CHECK(r["request"] ==
        json::parse(R"({"ups":"nas","kind":"instcmd","command":"beeper.mute","id":"req-2"})"));

  r = b.result_after("ups/nas/cmd/instcmd", R"({"command":"shutdown.return","id":"req-3"})");
  check_shape(r);
  CHECK(r["error"] == "refused-not-allowed");
  CHECK(r["request"]["id"] == "req-3");
  CHECK(r["request"]["command"] == "shutdown.return");
}

TEST_CASE("disallowed, malformed and unknown-UPS commands are refused before upsd") {
  command_bench b;
  auto r = b.result_after("ups/nas/cmd/instcmd", "shutdown.return");
  check_shape(r);
  CHECK(r["ok"] == false);
  CHECK(r["error"] == "refused-not-allowed");
  CHECK(r["request"]["kind"] == "instcmd");
  CHECK(r["detail"].get<std::string>().find("add it to commands.instcmd") != std::string::npos);
  r = b.result_after("ups/nas/cmd/set/ups.status", "OB");
  CHECK(r["error"] == "refused-not-allowed");
  CHECK(r["request"]["variable"] == "ups.status");
  CHECK(r["detail"].get<std::string>().find("commands.set") != std::string::npos);
  r = b.result_after("ups/nas/cmd/instcmd", "{\"command\": 3, \"id\": \"m1\"}");
  check_shape(r);
  CHECK(r["error"] == "bad-request");
  CHECK(r["request"]["id"] == "m1");
  r = b.result_after("ups/nas/cmd/instcmd", std::string(5000, 'x'));
  CHECK(r["error"] == "bad-request");
  CHECK(r["detail"].get<std::string>().find("larger than") != std::string::npos);
  r = b.result_after("ups/nas/cmd/set/battery.charge.low", "4\n2\x01");
  CHECK(r["error"] == "bad-request");
  CHECK(r["detail"].get<std::string>().find("printable") != std::string::npos);
  auto ghost = b.result_after("ups/ghost/cmd/instcmd", R"({"command":"beeper.mute","id":"g"})",
                              false, "ghost");
  check_shape(ghost);
  CHECK(ghost["error"] == "unknown-ups");
  CHECK(ghost["request"]["id"] == "g");
  CHECK(ghost["detail"].get<std::string>().find("no UPS with the id ghost") != std::string::npos);
  // Nothing of this reached upsd.
  auto log = b.upsd_log();
  CHECK(log.find("shutdown.return") == std::string::npos);
  CHECK(log.find("beeper.mute") == std::string::npos);
  CHECK(log.find("ups.status on dummy to OB") == std::string::npos);
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "20");
  CHECK(b.bridge.process().running());
  // The control: an allowed command does reach upsd, and its log shows it as those would be.
  r = b.result_after("ups/nas/cmd/set/battery.charge.low", "30");
  CHECK(r["ok"] == true);
  CHECK(wait_until(
      [&] { return b.upsd_log().find("battery.charge.low on dummy to 30") != std::string::npos; },
      10s));
}

TEST_CASE("a command the driver does not know reports cmd-not-supported") {
  command_bench b;
  // dummy-ups lists load.off, then its driver answers GET TRACKING with ERR UNKNOWN.
  auto r = b.result_after("ups/nas/cmd/instcmd", R"({"command":"load.off"})");
  check_shape(r);
  CHECK(r["ok"] == false);
  CHECK(r["error"] == "cmd-not-supported");
  CHECK(r["detail"].get<std::string>().find("ERR UNKNOWN") != std::string::npos);
  // upsd itself refuses one the UPS does not list.
  r = b.result_after("ups/nas/cmd/instcmd", "beeper.mute");
  CHECK(r["error"] == "cmd-not-supported");
  CHECK(r["detail"].get<std::string>().find("ERR CMD-NOT-SUPPORTED") != std::string::npos);
}

TEST_CASE("results of one UPS come in the order of its requests") {
  command_bench b;
  // A SET (tracked by the driver), an instant command upsd refuses at once, a refusal by the
  // bridge and another SET, sent back to back.
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"ups/nas/cmd/set/battery.charge.low", R"({"value":"31","id":"o1"})"},
      {"ups/nas/cmd/instcmd", R"({"command":"beeper.mute","id":"o2"})"},
      {"ups/nas/cmd/instcmd", R"({"command":"not.allowed","id":"o3"})"},
      {"ups/nas/cmd/instcmd", R"({"command":"load.off","id":"o4"})"},
      {"ups/nas/cmd/set/battery.charge.low", R"({"value":"32","id":"o5"})"},
  };
  for (const auto& [topic, payload] : requests)
    b.probe.publish(topic, payload);
  REQUIRE(wait_until([&] { return b.results().size() >= requests.size(); }, 30s));
  std::vector<std::string> ids;
  for (const auto& r : b.results())
    ids.push_back(r["request"]["id"]);
  CHECK(ids == std::vector<std::string>{"o1", "o2", "o3", "o4", "o5"});
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "32");
}

TEST_CASE("a command left retained is not run again, and clearing it is no request") {
  command_bench b;
  // Published retained by mistake: the bridge, already subscribed, gets it as a live command.
  auto r =
      b.result_after("ups/nas/cmd/set/battery.charge.low", R"({"value":"31","id":"k1"})", true);
  CHECK(r["ok"] == true);
  b.nut.set_var("dummy", "battery.charge.low", "20");
  // At every (re)subscribe the broker hands out the retained copy: it must not run again.
  b.bridge.restart();
  REQUIRE(wait_until(
      [&] {
        auto all = b.results();
        return !all.empty() && all.back()["error"] == "refused-retained";
      },
      15s));
  r = b.results().back();
  check_shape(r);
  CHECK(r["request"]["id"] == "k1");
  CHECK(r["detail"].get<std::string>().find("without the retain flag") != std::string::npos);
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "20");

  // Clearing it (an empty retained payload) gets no result: the next result is the next
  // request's, since results come in order.
  auto before = b.results().size();
  b.probe.publish("ups/nas/cmd/set/battery.charge.low", "", true);
  r = b.result_after("ups/nas/cmd/instcmd", R"({"command":"not.allowed","id":"after"})");
  CHECK(b.results().size() == before + 1);
  CHECK(r["request"]["id"] == "after");
  CHECK(b.bridge.log().find("empty payload on ups/nas/cmd/set/battery.charge.low ignored") !=
        std::string::npos);
}
