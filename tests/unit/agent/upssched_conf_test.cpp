#include "shutdown-agent/upsmon/upssched_conf.hpp"

#include <doctest/doctest.h>

#include "support/nut_server.hpp"

using namespace nutmqtt::agent;
using namespace std::chrono_literals;

TEST_CASE("the seed upssched.conf imports as three rules and its CMDSCRIPT") {
  auto r = parse_upssched_conf(R"(# upssched.conf
CMDSCRIPT /etc/nut/upssched-cmd
PIPEFN /etc/nut/upssched.pipe
LOCKFN /etc/nut/upssched.lock

AT ONBATT * START-TIMER power-off 60
AT ONLINE * CANCEL-TIMER power-off
AT ONLINE * EXECUTE power-on
)",
                               "upssched.conf");
  CHECK(r.problems.empty());
  CHECK(r.cmdscript == "/etc/nut/upssched-cmd");
  REQUIRE(r.rules.size() == 3);
  CHECK(r.rules[0].action == rule_action::start_timer);
  CHECK(r.rules[0].at == "ONBATT");
  CHECK(r.rules[0].ups == "*");
  CHECK(r.rules[0].name == "power-off");
  CHECK(r.rules[0].after == 60s);
  CHECK(r.rules[0].origin == "upssched.conf:6");
  CHECK(r.rules[1].action == rule_action::cancel_timer);
  CHECK(r.rules[2].action == rule_action::execute);
  CHECK(r.rules[2].name == "power-on");
  CHECK(r.notes.size() == 2);  // PIPEFN and LOCKFN ignored, said so
}

TEST_CASE("quoting, escapes, comments and lower-case notify types") {
  auto r = parse_upssched_conf(
      "CMDSCRIPT \"/opt/my scripts/cmd\"   # trailing comment\n"
      "  AT onbatt nas START-TIMER \"a\\\"b\" 5\n"
      "AT ONLINE nas CANCEL-TIMER t still-online\n",
      "f");
  CHECK(r.problems.empty());
  CHECK(r.cmdscript == "/opt/my scripts/cmd");
  REQUIRE(r.rules.size() == 2);
  CHECK(r.rules[0].at == "ONBATT");
  CHECK(r.rules[0].ups == "nas");
  CHECK(r.rules[0].name == "a\"b");
  CHECK(r.rules[1].else_execute == "still-online");
}

TEST_CASE("malformed files: every problem with file, line and column") {
  auto r = parse_upssched_conf(R"(CMDSCRIPT /x
FOO bar
AT ONBATT * START-TIMER t
AT NOSUCH * EXECUTE x
AT ONBATT * RESTART x
AT ONBATT * START-TIMER t soon
AT ONBATT * START-TIMER-SHARED t
at ONBATT * EXECUTE x
AT ONBATT * EXECUTE "unbalanced
CMDSCRIPT
)",
                               "/etc/nut/upssched.conf");
  REQUIRE(r.problems.size() == 9);
  CHECK(r.rules.empty());
  for (const auto& p : r.problems)
    CHECK(p.file == "/etc/nut/upssched.conf");
  CHECK(r.problems[0].line == 2);
  CHECK(r.problems[0].message.find("unknown directive \"FOO\"") != std::string::npos);
  CHECK(r.problems[1].line == 3);
  CHECK(r.problems[1].message.find("takes 5 argument(s), got 4") != std::string::npos);
  CHECK(r.problems[2].line == 4);
  CHECK(r.problems[2].column == 4);
  CHECK(r.problems[2].message.find("not a notify type") != std::string::npos);
  CHECK(r.problems[3].message.find("unknown action \"RESTART\"") != std::string::npos);
  CHECK(r.problems[4].message.find("not a number of seconds") != std::string::npos);
  CHECK(r.problems[5].line == 7);
  CHECK(r.problems[5].message.find("takes 5 argument(s), got 4") != std::string::npos);
  CHECK(r.problems[6].message.find("case-sensitive") != std::string::npos);
  CHECK(r.problems[7].message.find("unbalanced quote") != std::string::npos);
  CHECK(r.problems[8].line == 10);
  CHECK(r.problems[0].to_string().starts_with("/etc/nut/upssched.conf:2:1: "));
}

TEST_CASE("a UPS named the upsmon way gets a warning telling to use the UPS id") {
  auto r = parse_upssched_conf("AT ONBATT ups@192.168.1.12 EXECUTE x\n", "f");
  CHECK(r.problems.empty());
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("f:1") == 0);
  CHECK(r.warnings[0].find("UPS id") != std::string::npos);
}

TEST_CASE("a file that cannot be read is one problem naming it") {
  auto r = read_upssched_conf("/nonexistent/upssched.conf");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].file == "/nonexistent/upssched.conf");
  // A device is refused unread: /dev/zero would never end.
  auto device = read_upssched_conf("/dev/zero");
  REQUIRE(device.problems.size() == 1);
  CHECK(device.problems[0].message.find("/dev/zero is not a regular file") != std::string::npos);
}

TEST_CASE("NUT 2.8.5's shared timers and matched cancels import") {
  auto r = parse_upssched_conf(nutmqtt::test::fixture("upsmon/every-directive-upssched.conf"),
                               "upssched.conf");
  CHECK(r.problems.empty());
  CHECK(r.cmdscript == "/etc/nut/upssched-cmd");
  REQUIRE(r.rules.size() == 7);
  CHECK(r.rules[0].action == rule_action::start_timer_shared);
  CHECK(r.rules[0].after == 120s);
  CHECK(r.rules[1].action == rule_action::start_timer_shared);
  CHECK(r.rules[1].ups == "ups@192.168.1.12");
  CHECK(r.rules[2].action == rule_action::cancel_timer_matched);
  CHECK(r.rules[2].else_execute == "still-on-battery");
  CHECK(r.rules[6].at == "SHUTDOWN");
  CHECK(r.notes.size() == 3);  // DEBUG_MIN, PIPEFN, LOCKFN
}

TEST_CASE("Debian's stock upssched.conf imports as its CMDSCRIPT and no rule") {
  auto r = parse_upssched_conf(nutmqtt::test::fixture("upsmon/debian-2.8.0-upssched.conf"),
                               "upssched.conf");
  CHECK(r.problems.empty());
  CHECK(r.cmdscript == "/bin/upssched-cmd");
  CHECK(r.rules.empty());
}
