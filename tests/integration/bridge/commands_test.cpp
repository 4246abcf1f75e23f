#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;
using json = nlohmann::json;

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
  command_bench() : bridge_setup(command_options()) {
    REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  }

  json result_after(const std::string& topic, const std::string& payload, bool retain = false) {
    auto before = probe.messages_on("ups/nas/cmd/result").size();
    probe.publish(topic, payload, retain);
    bool got =
        wait_until([&] { return probe.messages_on("ups/nas/cmd/result").size() > before; }, 15s);
    REQUIRE(got);
    return json::parse(probe.messages_on("ups/nas/cmd/result").back().payload);
  }

  std::string upsd_log() const { return read_file(nut.dir() / "upsd.log"); }
};

}  // namespace

TEST_CASE("an allowed SET from MQTT changes the variable on upsd and reports ok") {
  command_bench b;
  auto r = b.result_after("ups/nas/cmd/set/battery.charge.low", "35");
  CHECK(r["ok"] == true);
  CHECK(r["error"].is_null());
  CHECK(r["request"]["variable"] == "battery.charge.low");
  CHECK(r["request"]["value"] == "35");
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "35");
  CHECK(b.probe.wait_for_latest("ups/nas/var/battery.charge.low", "35", 10s));
}

TEST_CASE("disallowed, malformed, retained and unknown-UPS commands are refused before upsd") {
  command_bench b;
  auto r = b.result_after("ups/nas/cmd/instcmd", "shutdown.return");
  CHECK(r["ok"] == false);
  CHECK(r["error"] == "refused");
  CHECK(r["detail"].get<std::string>().find("add it to commands.instcmd") != std::string::npos);
  r = b.result_after("ups/nas/cmd/set/ups.status", "OB");
  CHECK(r["detail"].get<std::string>().find("commands.set") != std::string::npos);
  r = b.result_after("ups/nas/cmd/instcmd", "{\"command\": 3}");
  CHECK(r["ok"] == false);
  r = b.result_after("ups/nas/cmd/instcmd", std::string(5000, 'x'));
  CHECK(r["detail"].get<std::string>().find("larger than") != std::string::npos);
  r = b.result_after("ups/nas/cmd/set/battery.charge.low", "4\n2\x01");
  CHECK(r["detail"].get<std::string>().find("printable") != std::string::npos);
  auto before = b.probe.messages_on("ups/ghost/cmd/result").size();
  b.probe.publish("ups/ghost/cmd/instcmd", "beeper.mute");
  CHECK(
      wait_until([&] { return b.probe.messages_on("ups/ghost/cmd/result").size() > before; }, 10s));
  auto ghost = json::parse(b.probe.messages_on("ups/ghost/cmd/result").back().payload);
  CHECK(ghost["detail"].get<std::string>().find("no UPS with the id ghost") != std::string::npos);
  // Nothing of this reached upsd.
  auto log = b.upsd_log();
  CHECK(log.find("shutdown.return") == std::string::npos);
  CHECK(log.find("beeper.mute") == std::string::npos);
  CHECK(log.find("ups.status on dummy to OB") == std::string::npos);
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "20");
  CHECK(b.bridge.process().running());
}

TEST_CASE("a command the driver does not know reports the error it gave") {
  command_bench b;
  auto r = b.result_after("ups/nas/cmd/instcmd", R"({"command":"load.off"})");
  CHECK(r["ok"] == false);
  CHECK(r["error"] == "ERR UNKNOWN");
  r = b.result_after("ups/nas/cmd/instcmd", "beeper.mute");
  CHECK(r["ok"] == false);
  CHECK(r["error"] == "ERR CMD-NOT-SUPPORTED");
}

TEST_CASE("a command left retained on the broker is not run again when the bridge reconnects") {
  command_bench b;
  // Published retained by mistake: the bridge, already subscribed, gets it as a live command.
  auto r = b.result_after("ups/nas/cmd/set/battery.charge.low", "31", true);
  CHECK(r["ok"] == true);
  b.nut.set_var("dummy", "battery.charge.low", "20");
  // At every (re)subscribe the broker hands out the retained copy: it must not run again.
  b.bridge.restart();
  CHECK(b.probe.wait_for(
      [](const received_message& m) {
        return m.topic == "ups/nas/cmd/result" &&
               m.payload.find("retained commands are ignored") != std::string::npos;
      },
      15s));
  std::this_thread::sleep_for(1s);
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "20");
  b.probe.publish("ups/nas/cmd/set/battery.charge.low", "", true);  // tidy the broker
}
