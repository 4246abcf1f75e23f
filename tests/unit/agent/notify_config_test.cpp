// The `notify:` section (upsmon's NOTIFYMSG, NOTIFYFLAG and NOTIFYCMD) and the new rule keys,
// read and checked by the agent's one configuration reader.

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"
#include "unit/agent/agent_test_helpers.hpp"

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace nutmqtt::agent::testing;
using namespace std::chrono_literals;

namespace {

std::string at_line(const parsed& p, int line) {
  for (const auto& problem : p.problems) {
    if (problem.line == line) return problem.to_string();
  }
  return "";
}

}  // namespace

TEST_CASE("notify: messages, flags and command as upsmon's lines") {
  auto p = parse(R"(notify:
  wall: true
  messages:
    ONBATT: "UPS %s is on battery, 100%% sure"
    ALARM: "Alarm on %s: %s"
    SHUTDOWN: "Going down now"
  flags:
    ONBATT: SYSLOG+WALL+EXEC
    ONLINE: EXEC
    REPLBATT: IGNORE
  command: /bin/echo -n "two words"
)");
  CHECK(p.problems.empty());
  const auto& n = p.config.notify;
  CHECK(n.syslog);
  CHECK(n.wall);
  CHECK(n.messages.at("ONBATT") == "UPS %s is on battery, 100%% sure");
  CHECK(n.flags.at("ONBATT") == (kNotifySyslog | kNotifyWall | kNotifyExec));
  CHECK(n.flags.at("ONLINE") == kNotifyExec);
  CHECK(n.flags.at("REPLBATT") == kNotifyIgnore);
  CHECK(n.flags_for("LOWBATT") == (kNotifySyslog | kNotifyWall));  // the defaults
  CHECK(n.command == std::vector<std::string>{"/bin/echo", "-n", "two words"});
  CHECK(p.config.warnings.empty());
  YAML::Emitter out;
  out << to_yaml(p.config);
  const std::string text = out.c_str();
  CHECK(text.find("ONBATT: SYSLOG+WALL+EXEC") != std::string::npos);
  CHECK(text.find("REPLBATT: IGNORE") != std::string::npos);
}

TEST_CASE("without a notify section: SYSLOG only for every type, as the agent always did") {
  auto p = parse("");
  CHECK(p.config.notify.flags_for("ONBATT") == kNotifySyslog);
  CHECK(p.config.notify.flags_for("SHUTDOWN") == kNotifySyslog);
  CHECK(p.config.notify.command.empty());
  auto q = parse("notify: { syslog: false, wall: true }\n");
  CHECK(q.config.notify.flags_for("SHUTDOWN") == kNotifyWall);
}

TEST_CASE("notify mistakes are reported with their place and what to do") {
  auto p = parse(R"(notify:
  messages:
    ONBATT: "UPS %s on %d"
    ALARM: "%s %s %s"
    ONBAT: "typo"
  flags:
    ONLINE: SYSLOG+BEEP
    ONBATT: IGNORE+EXEC
    LOWBATT: ""
  command: "/bin/echo $HOME | /usr/bin/mail"
  sound: loud
)");
  CHECK(at_line(p, 3).find("notify.messages.ONBATT: \"UPS %s on %d\": only %s") !=
        std::string::npos);
  CHECK(at_line(p, 3).find(":3:13:") != std::string::npos);
  CHECK(at_line(p, 4).find("this type takes at most 2") != std::string::npos);
  CHECK(at_line(p, 5).find("notify.messages.ONBAT: unknown key; did you mean `ONBATT`?") !=
        std::string::npos);
  CHECK(at_line(p, 7).find("\"BEEP\" is not a notify flag") != std::string::npos);
  CHECK(at_line(p, 8).find("IGNORE stands alone") != std::string::npos);
  CHECK(at_line(p, 9).find("notify.flags.LOWBATT") != std::string::npos);
  CHECK(at_line(p, 10).find("'$' at character 11 needs a shell") != std::string::npos);
  CHECK(at_line(p, 10).find("[\"/bin/sh\", \"-c\"") != std::string::npos);
  CHECK(at_line(p, 11).find("notify.sound: unknown key") != std::string::npos);
  auto q = parse("notify: { command: [notify-me], flags: { ONBATT: EXEC } }\n");
  CHECK(at_line(q, 1).find("\"notify-me\" must be an absolute path") != std::string::npos);
  auto r = parse("notify: { command: [/nonexistent/notify] }\n");
  CHECK(at_line(r, 1).find("does not exist or is not executable") != std::string::npos);
}

TEST_CASE("a command with no EXEC type, and EXEC with no command, are warned about") {
  auto p = parse("notify: { command: [/bin/true] }\n");
  CHECK(p.problems.empty());
  REQUIRE(p.config.warnings.size() == 1);
  CHECK(p.config.warnings[0].find("never runs") != std::string::npos);
  auto q = parse("notify: { flags: { ONBATT: EXEC } }\n");
  CHECK(q.problems.empty());
  REQUIRE(q.config.warnings.size() == 1);
  CHECK(q.config.warnings[0].find("notify.flags.ONBATT has EXEC") != std::string::npos);
}

TEST_CASE("rules: start_timer_shared and cancel_timer_matched") {
  auto p = parse(R"(cmdscript: /bin/sh
rules:
  - { at: ONBATT, start_timer_shared: power-off, after: 60s }
  - { at: ONLINE, cancel_timer_matched: power-off, else_execute: still-on }
  - { at: ONLINE, cancel_timer_matched: power-off, after: 5s }
  - { at: ONLINE, start_timer_shared: t }
  - { at: ONLINE, start_timer_shared: t, after: 200h }
  - { at: ONLINE, start_timer_shared: t, cancel_timer_matched: t, after: 1s }
  - { at: ONLINE, execute: x, else_execute: y }
)");
  REQUIRE(p.config.rules.size() == 2);
  CHECK(p.config.rules[0].action == rule_action::start_timer_shared);
  CHECK(p.config.rules[0].after == 60s);
  CHECK(p.config.rules[1].action == rule_action::cancel_timer_matched);
  CHECK(p.config.rules[1].else_execute == "still-on");
  CHECK(at_line(p, 5).find("only start_timer and start_timer_shared take a delay") !=
        std::string::npos);
  CHECK(at_line(p, 6).find("missing required key `after`") != std::string::npos);
  CHECK(at_line(p, 7).find("must be between 0ms and 168h, got 200h") != std::string::npos);
  CHECK(at_line(p, 8).find("give exactly one of") != std::string::npos);
  CHECK(at_line(p, 9).find("only cancel_timer and cancel_timer_matched take else_execute") !=
        std::string::npos);
  // Reported once, not again as an unknown key.
  CHECK(p.problems.size() == 5);
  // Valid, but upssched 2.8.5 would never cancel: ONLINE did not start power-off.
  REQUIRE(p.config.warnings.size() == 1);
  CHECK(p.config.warnings[0].find("rules[1]: AT ONLINE * CANCEL-TIMER-MATCHED power-off still-on "
                                  "never cancels") == 0);
}

TEST_CASE("shutdown.timers counts shared timers as timers a rule starts") {
  auto p = parse(R"(cmdscript: /bin/sh
rules: [ { at: ONBATT, start_timer_shared: power-off, after: 60s } ]
shutdown: { timers: [power-off] }
)");
  CHECK(p.problems.empty());
  CHECK(p.config.warnings.empty());
}
