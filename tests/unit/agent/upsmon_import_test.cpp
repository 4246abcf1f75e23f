// --import-upsmon: real upsmon.conf and upssched.conf files (tests/fixtures/upsmon) become an
// agent configuration whose every line says where it came from.

#include "shutdown-agent/upsmon/upsmon_import.hpp"

#include <doctest/doctest.h>

#include "support/nut_server.hpp"

using namespace nutmqtt::agent;
using nutmqtt::test::fixture;

namespace {

std::optional<std::string> no_program(const std::string&) {
  return std::nullopt;
}

upsmon_import import(const std::string& upsmon_text, const std::string& upssched_text = {},
                     const program_finder& find = no_program) {
  const auto upsmon = parse_upsmon_conf(upsmon_text, "/etc/nut/upsmon.conf");
  if (upssched_text.empty()) return import_upsmon(upsmon, nullptr, "", find);
  const auto upssched = parse_upssched_conf(upssched_text, "/etc/nut/upssched.conf");
  return import_upsmon(upsmon, &upssched, "/etc/nut/upssched.conf", find);
}

upsmon_import import_fixture(const std::string& name) {
  return import(fixture("upsmon/" + name + "-upsmon.conf"),
                fixture("upsmon/" + name + "-upssched.conf"));
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string problems(const upsmon_import& r) {
  std::string out;
  for (const auto& p : r.problems)
    out += p.to_string() + "\n";
  return out;
}

}  // namespace

// The expected files were checked line by line against upsmon.conf(5) and upssched.conf(5);
// the integration test runs --check-config on the same output.
TEST_CASE("import: the seed's Raspberry Pi, a netclient of a Synology") {
  auto r = import_fixture("seed");
  CHECK(r.problems.empty());
  CHECK(r.warnings.empty());
  CHECK(r.yaml == fixture("upsmon/seed-agent.yaml"));
  CHECK_FALSE(has(r.yaml, "secret"));
}

TEST_CASE("import: every directive of NUT 2.8.5, and passwords never written") {
  auto r = import_fixture("every-directive");
  CHECK(r.problems.empty());
  CHECK(r.warnings.size() == 6);
  CHECK(r.yaml == fixture("upsmon/every-directive-agent.yaml"));
  CHECK_FALSE(has(r.yaml, "secret"));
  CHECK_FALSE(has(r.yaml, "pass with spaces"));
}

TEST_CASE("import: Debian's stock upsmon.conf and upssched.conf") {
  auto r = import_fixture("debian-2.8.0");
  CHECK(problems(r).empty());
  CHECK(r.yaml == fixture("upsmon/debian-2.8.0-agent.yaml"));
  REQUIRE(r.warnings.size() == 1);
  CHECK(has(r.warnings[0], "no MONITOR line"));
}

TEST_CASE("import: SHUTDOWNEXIT, negative durations, and values the agent cannot take") {
  const std::string base = "MONITOR ups@nas 1 u p secondary\nSHUTDOWNCMD /sbin/poweroff\n";
  CHECK(has(import(base + "SHUTDOWNEXIT yes\n").yaml, "exit_after: 0s"));
  CHECK(has(import(base + "SHUTDOWNEXIT no\n").yaml, "exit_after: never"));
  CHECK(has(import(base + "SHUTDOWNEXIT -1\n").yaml, "exit_after: never"));
  CHECK(has(import(base + "SHUTDOWNEXIT 30\n").yaml, "exit_after: 30s"));
  CHECK(has(import(base + "OVERDURATION -5\nOFFDURATION 0\n").yaml, "over_duration: never"));
  CHECK(has(import(base + "OFFDURATION 0\n").yaml, "off_duration: 0s"));
  auto oblb = import(base + "OBLBDURATION -3\n");
  CHECK(has(oblb.yaml, "oblb_duration: 0s"));
  CHECK(has(oblb.yaml, "OBLBDURATION -3 (upsmon.conf:3): negative, so at once"));
  auto dead = import(base + "DEADTIME 0\n");
  CHECK(has(dead.yaml, "deadtime: 1s"));
  REQUIRE(dead.warnings.size() == 1);
  CHECK(has(dead.warnings[0], "the agent's deadtime is 1s to 24h"));
  CHECK(has(import(base + "ALARMCRITICAL off\n").yaml, "alarm_critical: false"));
}

TEST_CASE("import: commands split into an argv, found in PATH, or kept for a shell") {
  auto find = [](const std::string& name) -> std::optional<std::string> {
    if (name == "shutdown") return "/usr/sbin/shutdown";
    return std::nullopt;
  };
  const std::string monitor = "MONITOR ups@nas 1 u p secondary\n";
  auto plain = import(monitor + "SHUTDOWNCMD \"shutdown -h now\"\n", {}, find);
  CHECK(has(plain.yaml, R"(command: ["/usr/sbin/shutdown", "-h", "now"])"));
  CHECK(plain.warnings.empty());
  auto unknown = import(monitor + "SHUTDOWNCMD \"halt-it now\"\n", {}, find);
  CHECK(has(unknown.yaml, R"(command: ["/bin/sh", "-c", "halt-it now"])"));
  REQUIRE(unknown.warnings.size() == 1);
  CHECK(has(unknown.warnings[0], "\"halt-it\" is not found in this host's PATH"));
  auto notify = import(monitor +
                       "SHUTDOWNCMD /sbin/poweroff\n"
                       "NOTIFYCMD \"/usr/bin/logger -t ups >> /tmp/log\"\n"
                       "NOTIFYFLAG ONBATT EXEC\n");
  CHECK(has(
      notify.yaml,
      R"(command: ["/bin/sh", "-c", "/usr/bin/logger -t ups >> /tmp/log \"$1\"", "notifycmd"])"));
}

TEST_CASE("import: AT lines upsmon never passed to upssched are written commented out") {
  auto r = import(
      "MONITOR ups@nas 1 u p secondary\nSHUTDOWNCMD /sbin/poweroff\nNOTIFYCMD /sbin/upssched\n"
      "NOTIFYFLAG ONBATT SYSLOG+EXEC\nNOTIFYFLAG ONLINE IGNORE\n",
      "CMDSCRIPT /bin/true\nAT ONBATT ups@nas START-TIMER t 30\nAT ONLINE * CANCEL-TIMER t\n"
      "AT LOWBATT * EXECUTE x\n");
  CHECK(r.problems.empty());
  CHECK(has(r.yaml, "  - { at: ONBATT, ups: ups, start_timer: t, after: 30s }"));
  CHECK(has(r.yaml, "  # - { at: ONLINE, ups: \"*\", cancel_timer: t }"));
  CHECK(has(r.yaml, "NOTIFYFLAG ONLINE has no EXEC"));
  // LOWBATT has no NOTIFYFLAG line: upsmon's default SYSLOG+WALL has no EXEC either.
  CHECK(has(r.yaml, "  # - { at: LOWBATT, ups: \"*\", execute: x }"));
  CHECK(has(r.yaml, "    ONBATT: SYSLOG "));
  CHECK(has(r.yaml, "    ONLINE: IGNORE "));
}

TEST_CASE("import: upssched as NOTIFYCMD without --upssched is a warning") {
  auto r = import(
      "MONITOR ups@nas 1 u p secondary\nSHUTDOWNCMD /sbin/poweroff\n"
      "NOTIFYCMD /usr/sbin/upssched\n");
  REQUIRE(r.warnings.size() == 1);
  CHECK(has(r.warnings[0], "give --upssched"));
  CHECK(has(r.yaml, "# WARNING: upsmon.conf runs upssched"));
}

TEST_CASE("import: a file upsmon could not use is refused with the file, line and problem") {
  auto r = import(R"(MONITOR ups@nas 1 u p
MONITOR ups@nas:99999 1 u p secondary
MONITOR ups@nas x u p secondary
MONITOR ups@nas 1 u p boss
DEADTIME soon
HOSTSYNC -1
ALARMCRITICAL maybe
SHUTDOWNEXIT later
NOTIFYFLAG ONBAT SYSLOG
NOTIFYFLAG ONBATT SYSLOG+BEEP
NOTIFYMSG ONBATT "UPS %s at %d%%"
NOTIFYMSG ONBATT
SHUTDOWNCMD "/sbin/shutdown -h now
MINSUPPLIES 3
MONITOR ok@nas 1 u p secondary
)");
  const std::string p = problems(r);
  CHECK(r.yaml.empty());
  CHECK(has(p, "/etc/nut/upsmon.conf:1:1: MONITOR takes 5 arguments"));
  CHECK(has(p, "/etc/nut/upsmon.conf:2:9: \"ups@nas:99999\": the port must be"));
  CHECK(has(p, "/etc/nut/upsmon.conf:3:17: the power value must be a whole number"));
  CHECK(has(p, "/etc/nut/upsmon.conf:4:23: \"boss\" is neither primary"));
  CHECK(has(p, "/etc/nut/upsmon.conf:5:10: DEADTIME needs a whole number of 0 or more"));
  CHECK(has(p, "/etc/nut/upsmon.conf:6:10: HOSTSYNC needs a whole number of 0 or more"));
  CHECK(has(p, "/etc/nut/upsmon.conf:7:15: ALARMCRITICAL needs yes or no"));
  CHECK(has(p, "/etc/nut/upsmon.conf:8:14: SHUTDOWNEXIT needs yes, no or a number of seconds"));
  CHECK(has(p, "/etc/nut/upsmon.conf:9:12: \"ONBAT\" is not a notify type"));
  CHECK(has(p, "/etc/nut/upsmon.conf:10:19: \"BEEP\" is not a notify flag"));
  CHECK(has(p, "/etc/nut/upsmon.conf:11:18: \"UPS %s at %d%%\": only %s"));
  CHECK(has(p, "/etc/nut/upsmon.conf:12:1: NOTIFYMSG takes 2 arguments"));
  CHECK(has(p, "/etc/nut/upsmon.conf:13:13: unbalanced quote"));
  CHECK(has(p, "/etc/nut/upsmon.conf:14:1: MINSUPPLIES 3 is more than"));
  CHECK(r.problems.size() == 14);
  auto sched = import("MONITOR ups@nas 1 u p secondary\n", "AT ONBATT * EXECUTE x\nAT ONBATT\n");
  CHECK(has(problems(sched), "/etc/nut/upssched.conf:2:1: expected AT"));
  CHECK(has(problems(sched), "/etc/nut/upssched.conf: has AT lines but no CMDSCRIPT"));
  auto missing = read_upsmon_conf("/nonexistent/upsmon.conf");
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems[0].to_string() ==
        "/nonexistent/upsmon.conf: cannot open the upsmon.conf to import: cannot read "
        "/nonexistent/upsmon.conf: No such file or directory");
  auto device = read_upsmon_conf("/dev/zero");
  REQUIRE(device.problems.size() == 1);
  CHECK(device.problems[0].message.find("/dev/zero is not a regular file") != std::string::npos);
}

TEST_CASE("import: upsmon.conf's values are read as upsmon reads them") {
  auto c = parse_upsmon_conf(fixture("upsmon/every-directive-upsmon.conf"), "u");
  CHECK(c.problems.empty());
  REQUIRE(c.monitors.size() == 3);
  CHECK(c.monitors[0].ups == "rack");
  CHECK(c.monitors[0].host == "nas.local");
  CHECK(c.monitors[0].port == 3494);
  CHECK(c.monitors[0].power_value == 2);
  CHECK(c.monitors[0].primary);
  CHECK_FALSE(c.monitors[2].primary);
  CHECK(c.settings.at("NOTIFYCMD").args[0] == "/usr/local/bin/notify-me --channel ups");
  CHECK(c.settings.at("CERTIDENT").args[1] == "<password not shown>");
  REQUIRE(c.unknown.size() == 1);
  CHECK(c.unknown[0].args[0] == "SOMETHING_NEWER");
  auto v6 =
      parse_upsmon_conf("MONITOR ups@[::1]:3495 1 u p master\nMONITOR local 0 u p slave\n", "u");
  CHECK(v6.problems.empty());
  REQUIRE(v6.monitors.size() == 2);
  CHECK(v6.monitors[0].host == "::1");
  CHECK(v6.monitors[0].port == 3495);
  CHECK(v6.monitors[1].host == "localhost");
  CHECK(v6.monitors[1].power_value == 0);
}
