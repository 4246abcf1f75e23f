#include "shutdown-agent/agent_config.hpp"

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"
#include "unit/agent/agent_test_helpers.hpp"

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace nutmqtt::agent::testing;
using namespace std::chrono_literals;

namespace {

// The problem reported at `line` (1-based), or "" when there is none.
std::string at_line(const parsed& p, int line) {
  for (const auto& problem : p.problems) {
    if (problem.line == line) return problem.to_string();
  }
  return "";
}

}  // namespace

TEST_CASE("the seed configuration reads with its defaults") {
  auto p = parse(R"(agent: { id: raspberrypi }
mqtt: { url: "mqtt://192.168.1.10", password: s3cret, username: agent }
monitor:
  - { ups: nas, power_value: 1 }
cmdscript: /bin/sh
rules:
  - { at: ONBATT,  ups: "*", start_timer: power-off, after: 60s }
  - { at: online,  ups: "*", cancel_timer: power-off, else_execute: was-idle }
  - { at: ONLINE,  ups: "*", execute: power-on }
critical: { enabled: true, deadtime: 20s }
shutdown: { command: ["/bin/true", "-h"], final_delay: 2s }
notify: { syslog: false, wall: true }
control_socket: /tmp/agent.sock
log: { level: debug }
)");
  CHECK(p.problems.empty());
  const auto& c = p.config;
  CHECK(c.id == "raspberrypi");
  CHECK(c.mqtt.client_id == "nutmqtt-agent-raspberrypi");
  CHECK(c.mqtt.urls == std::vector<std::string>{"tcp://192.168.1.10:1883"});
  REQUIRE(c.rules.size() == 3);
  CHECK(c.rules[1].at == "ONLINE");
  CHECK(c.rules[1].else_execute == "was-idle");
  CHECK(c.rules[0].after == 60s);
  CHECK(c.rules[2].origin == "rules[2]");
  CHECK(c.supplies.deadtime == 20s);
  CHECK(c.final_delay == 2s);
  CHECK(c.shutdown_command == std::vector<std::string>{"/bin/true", "-h"});
  CHECK_FALSE(c.notify.syslog);
  CHECK(c.notify.wall);
  CHECK(c.control_socket == "/tmp/agent.sock");
  // --check-config shows the effective values with the password masked.
  YAML::Emitter out;
  out << to_yaml(c);
  std::string text = out.c_str();
  CHECK(text.find("s3cret") == std::string::npos);
  CHECK(text.find("********") != std::string::npos);
  CHECK(text.find("AT ONBATT * START-TIMER power-off 60") != std::string::npos);
}

TEST_CASE("an empty file gives a working default: every UPS, no rules, host id") {
  auto p = parse("");
  CHECK(p.problems.empty());
  REQUIRE(p.config.supplies.monitor.size() == 1);
  CHECK(p.config.supplies.monitor[0].ups == "*");
  CHECK_FALSE(p.config.id.empty());
  CHECK(p.config.control_socket == kDefaultControlSocket);
}

TEST_CASE("every kind of mistake is reported at once, each on its own line") {
  auto p = parse(R"(agent: { id: "bad/id" }
monitor:
  - { ups: "a+b" }
  - { ups: nas, power_value: 5000 }
  - { ups: nas }
cmdscript: relative/script
script_timeout: forever
rules:
  - { at: NOPE, execute: x }
  - { at: ONBATT }
  - { at: ONBATT, execute: x, start_timer: y }
  - { at: ONBATT, start_timer: y }
  - { at: ONBATT, execute: x, after: 5s }
  - { at: ONBATT, execute: "two words" }
  - { at: ONBATT, execute: x, else_execute: y }
critical: { deadtime: 0s, enabeld: true }
shutdown: { command: [], final_delay: 2h }
control_socket: run/agent.sock
extra: 1
)");
  CHECK(at_line(p, 1).find("agent.id: the agent id must not contain '/'") != std::string::npos);
  CHECK(at_line(p, 3).find("monitor[0].ups: the UPS id must not contain '+'") != std::string::npos);
  CHECK(at_line(p, 4).find("between 0 and 1000") != std::string::npos);
  CHECK(at_line(p, 5).find("listed twice") != std::string::npos);
  CHECK(at_line(p, 6).find("must be an absolute path") != std::string::npos);
  CHECK(at_line(p, 7).find("expected a duration") != std::string::npos);
  CHECK(at_line(p, 9).find("\"NOPE\" is not a notify type") != std::string::npos);
  CHECK(at_line(p, 10).find("exactly one of start_timer, start_timer_shared, cancel_timer, "
                            "cancel_timer_matched or execute") != std::string::npos);
  CHECK(at_line(p, 11).find("exactly one of") != std::string::npos);
  CHECK(at_line(p, 12).find("missing required key `after`") != std::string::npos);
  CHECK(at_line(p, 13).find("only start_timer and start_timer_shared take a delay") !=
        std::string::npos);
  CHECK(at_line(p, 14).find("without spaces") != std::string::npos);
  CHECK(at_line(p, 15).find("only cancel_timer and cancel_timer_matched take else_execute") !=
        std::string::npos);
  CHECK(at_line(p, 16).find("critical.deadtime: must be between") != std::string::npos);
  bool typo = false;
  for (const auto& problem : p.problems)
    typo = typo || problem.to_string().find("did you mean `enabled`?") != std::string::npos;
  CHECK(typo);
  CHECK(at_line(p, 17).find("shutdown.command: must name the program") != std::string::npos);
  CHECK(at_line(p, 18).find("control_socket: must be an absolute path") != std::string::npos);
  CHECK(at_line(p, 19).find("extra: unknown key") != std::string::npos);
  CHECK(p.problems.size() >= 18);
}

TEST_CASE("rules need a script, a script must be executable, supplies must suffice") {
  auto p = parse(R"(monitor: [ { ups: nas } ]
min_supplies: 2
rules:
  - { at: ONBATT, execute: x }
)");
  CHECK(at_line(p, 2).find("the host would shut down at once") != std::string::npos);
  bool needs_script = false;
  for (const auto& problem : p.problems)
    needs_script = needs_script || problem.message.find("set `cmdscript`") != std::string::npos;
  CHECK(needs_script);
  auto q = parse("cmdscript: /nonexistent/upssched-cmd\n");
  CHECK(at_line(q, 1).find("does not exist or is not executable") != std::string::npos);
  auto r = parse("shutdown: { command: [shutdown, -h, now] }\n");
  CHECK(at_line(r, 1).find("\"shutdown\" must be an absolute path") != std::string::npos);
  test::temp_dir dir;
  auto conf = dir.write("upssched.conf", "CMDSCRIPT /nonexistent/cmd\n");
  auto i = parse("upssched_conf: " + conf.string() + "\n");
  CHECK(at_line(i, 1).find("upssched_conf: program \"/nonexistent/cmd\" does not exist") !=
        std::string::npos);
}

TEST_CASE("an imported upssched.conf comes first, and its problems name its own file") {
  test::temp_dir dir;
  auto good = dir.write("upssched.conf", "CMDSCRIPT /bin/sh\nPIPEFN /x\nAT ONBATT * EXECUTE a\n");
  auto p = parse("upssched_conf: " + good.string() + "\nrules: [ { at: ONLINE, execute: b } ]\n");
  CHECK(p.problems.empty());
  CHECK(p.config.cmdscript == "/bin/sh");
  REQUIRE(p.config.rules.size() == 2);
  CHECK(p.config.rules[0].name == "a");
  CHECK(p.config.rules[1].name == "b");
  CHECK(p.config.notes.size() == 1);
  auto bad = dir.write("bad.conf", "CMDSCRIPT /bin/sh\nAT ONBATT * EXPLODE a\n");
  auto q = parse("upssched_conf: " + bad.string() + "\n");
  REQUIRE(q.problems.size() == 1);
  CHECK(q.problems[0].file == bad.string());
  CHECK(q.problems[0].line == 2);
}

TEST_CASE("rule UPS names written the upsmon way are accepted with a warning") {
  auto p = parse("cmdscript: /bin/sh\nrules: [ { at: ONBATT, ups: ups@nas, execute: x } ]\n");
  CHECK(p.problems.empty());
  REQUIRE(p.config.warnings.size() == 1);
  CHECK(p.config.warnings[0].find("rules[0].ups") == 0);
}

TEST_CASE("load_agent_config throws every problem with the file name") {
  test::temp_dir dir;
  auto file = dir.write("a.yaml", "min_supplies: -1\nbogus: 1\n");
  try {
    load_agent_config(file.string());
    FAIL("no error");
  } catch (const common::config_error& e) {
    CHECK(e.problems().size() == 2);
    CHECK(std::string(e.what()).find(file.string() + ":1:") != std::string::npos);
  }
}

TEST_CASE("the critical-rule and shutdown settings of upsmon refuse bad values with the line") {
  auto p = parse(R"(critical:
  off_duration: 25h
  over_duration: soon
  oblb_duration: never
  alarm_critical: maybe
  wait_for_primary: 2h
  offduration: 30s
shutdown:
  command: ["/bin/true"]
  exit_after: yes
)");
  CHECK(at_line(p, 2).find("critical.off_duration: must be never, or between 0ms and 24h, got "
                           "25h") != std::string::npos);
  CHECK(at_line(p, 3).find("critical.over_duration: expected a duration") != std::string::npos);
  CHECK(at_line(p, 3).find("or never, got \"soon\"") != std::string::npos);
  // OBLBDURATION has no "never" in upsmon: it is a duration.
  CHECK(at_line(p, 4).find("critical.oblb_duration: expected a duration") != std::string::npos);
  CHECK(at_line(p, 4).find("got \"never\"") != std::string::npos);
  CHECK(at_line(p, 5).find("critical.alarm_critical: expected true or false, got \"maybe\"") !=
        std::string::npos);
  CHECK(at_line(p, 6).find("critical.wait_for_primary: must be between 0ms and 1h, got 2h") !=
        std::string::npos);
  CHECK(at_line(p, 7).find("did you mean `off_duration`?") != std::string::npos);
  CHECK(at_line(p, 10).find("shutdown.exit_after: expected a duration") != std::string::npos);
  CHECK(at_line(p, 2).starts_with("agent.yaml:2:"));
  CHECK(p.problems.size() == 7);

  // upsmon's negative OFFDURATION / OVERDURATION is "never", as is the word.
  auto ok = parse(
      "critical: { off_duration: -1, over_duration: never, oblb_duration: 3s, "
      "alarm_critical: false, wait_for_primary: 0s }\n"
      "shutdown: { command: [\"/bin/true\"], exit_after: never }\n");
  CHECK(ok.problems.empty());
  CHECK_FALSE(ok.config.supplies.off_duration.has_value());
  CHECK_FALSE(ok.config.supplies.over_duration.has_value());
  CHECK(ok.config.supplies.oblb_duration == 3s);
  CHECK_FALSE(ok.config.supplies.alarm_critical);
  CHECK(ok.config.supplies.wait_for_primary == 0s);
}
