// What the bridge tells a user whose upsd.users entry lacks something, against a real upsd:
// the start-up credentials check (LOGIN, and the SET probe when LOGIN is refused) and
// ERR ACCESS-DENIED on SET VAR and INSTCMD.

#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;
using json = nlohmann::json;

namespace {

// Users as a reader of docs/commands.md would set them up for commands: no upsmon line.
constexpr const char* kUsers =
    "[setter]\n  password = setpw\n  actions = SET\n"
    "[cmdone]\n  password = cmdpw\n  instcmds = beeper.mute\n";

struct permissions_bench {
  permissions_bench(const std::string& user, const std::string& password, bool login)
      : nut(nut_options()),
        started((nut.start(), true)),
        bridge(dir, "bridge", "nutmqtt-bridge",
               bridge_header(broker.port()) +
                   "commands: { instcmd: [load.off, beeper.mute], set: [battery.charge.low] }\n" +
                   fmt::format(R"(nut:
  - host: 127.0.0.1
    port: {}
    username: {}
    password: {}
    ups: [ {{ name: dummy, id: nas, login: {} }} ]
)",
                               nut.port(), user, password, login)),
        probe(broker.port(), {"ups/#"}) {
    REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  }

  static nut_server::options nut_options() {
    auto o = one_ups(
        dev_text({{"ups.status", "OL"}, {"battery.charge", "100"}, {"battery.charge.low", "20"}}));
    o.extra_users = kUsers;
    return o;
  }

  json result_after(const std::string& topic, const std::string& payload) {
    auto before = probe.messages_on("ups/nas/cmd/result").size();
    probe.publish(topic, payload);
    REQUIRE(
        wait_until([&] { return probe.messages_on("ups/nas/cmd/result").size() > before; }, 15s));
    return json::parse(probe.messages_on("ups/nas/cmd/result").back().payload);
  }

  mosquitto_broker broker;
  nut_server nut;
  bool started;
  temp_dir dir;
  daemon_process bridge;
  mqtt_probe probe;
};

std::string detail(const json& r) {
  return r["detail"].get<std::string>();
}

// Lines of the bridge's log at `level` ("2026-11-24 10:15:02.512 warning ...").
std::vector<std::string> lines_at(const std::string& log, const std::string& level) {
  std::vector<std::string> out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.size() > 24 && line.compare(24, level.size() + 1, level + " ") == 0) {
      out.push_back(line);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("a user set up for commands, without LOGIN, gets no error at start and can SET") {
  permissions_bench b("setter", "setpw", false);
  REQUIRE(b.bridge.wait_for_log("accepted the password of `setter` for commands", 15s));
  auto r = b.result_after("ups/nas/cmd/set/battery.charge.low", "33");
  CHECK(r["ok"] == true);
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "33");
  auto log = b.bridge.log();
  CHECK(lines_at(log, "info").size() > 2);  // the log has the format lines_at() reads
  CHECK(lines_at(log, "error").empty());
  CHECK(lines_at(log, "warning").empty());
}

TEST_CASE("with login: true, a user who can run commands but not LOGIN is warned exactly that") {
  permissions_bench b("setter", "setpw", true);
  REQUIRE(
      b.bridge.wait_for_log("can run commands (upsd accepts its password for SET) but cannot "
                            "LOGIN, which `login: true` needs",
                            15s));
  auto log = b.bridge.log();
  CHECK(log.find("`upsmon secondary` line to [setter]") != std::string::npos);
  CHECK(b.bridge.count_in_log("cannot LOGIN, which `login: true` needs") == 1);
}

TEST_CASE("a wrong password is reported at start as a refusal of both LOGIN and SET") {
  permissions_bench b("setter", "wrong", false);
  REQUIRE(b.bridge.wait_for_log("refused user `setter` both LOGIN and SET", 15s));
  CHECK(b.bridge.log().find("the password may be wrong") != std::string::npos);
  auto r = b.result_after("ups/nas/cmd/set/battery.charge.low", R"({"value":"34","id":"w"})");
  CHECK(r["error"] == "access-denied");
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "20");
}

TEST_CASE("access denied on SET VAR and INSTCMD names the upsd.users line to add") {
  permissions_bench b("cmdone", "cmdpw", false);
  auto set = b.result_after("ups/nas/cmd/set/battery.charge.low", R"({"value":"40","id":"s"})");
  CHECK(set["ok"] == false);
  CHECK(set["error"] == "access-denied");
  CHECK(set["request"]["id"] == "s");
  CHECK(detail(set).find("ERR ACCESS-DENIED") != std::string::npos);
  CHECK(detail(set).find("add `actions = SET` to [cmdone] in upsd.users") != std::string::npos);
  CHECK(detail(set).find("permitted devices") == std::string::npos);

  // cmdone may only run beeper.mute; upsd checks that the UPS has load.off first.
  auto cmd = b.result_after("ups/nas/cmd/instcmd", R"({"command":"load.off","id":"c"})");
  CHECK(cmd["error"] == "access-denied");
  CHECK(detail(cmd).find("add `instcmds = load.off` (or `instcmds = ALL`) to [cmdone]") !=
        std::string::npos);
  CHECK(b.nut.get_var("dummy", "battery.charge.low") == "20");
  CHECK(b.bridge.log().find("add `actions = SET` to [cmdone]") != std::string::npos);
}

TEST_CASE("Synology's built-in user is told it cannot run commands") {
  permissions_bench b(nut_server::kMonitorUser, nut_server::kMonitorPassword, false);
  auto cmd = b.result_after("ups/nas/cmd/instcmd", "load.off");
  CHECK(cmd["error"] == "access-denied");
  CHECK(detail(cmd).find("its built-in user `monuser` may only monitor the UPS, never run "
                         "commands") != std::string::npos);
  // It can LOGIN: the start-up check finds nothing to say.
  CHECK(b.bridge.wait_for_log("accepted the credentials of `monuser`", 10s));
  for (const auto& line : lines_at(b.bridge.log(), "warning"))
    CHECK(line.find("command for nas failed: access-denied") != std::string::npos);
}
