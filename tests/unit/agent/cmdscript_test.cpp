#include "shutdown-agent/processes/cmdscript.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::agent;

namespace {

bool has(const std::vector<std::string>& env, const std::string& entry) {
  return std::find(env.begin(), env.end(), entry) != env.end();
}

std::string upsmon_wording(const std::string& type, const std::string& ups) {
  return notify_message(type, ups);
}

}  // namespace

TEST_CASE("CMDSCRIPT gets [script, name] and upssched's environment, no shell") {
  script_request r{"power-off", {"ONBATT", "nas", "UPS nas on battery"}};
  auto p = cmdscript_request("/etc/nut/upssched-cmd", r, "/run/nutmqtt/s.sock",
                             std::chrono::seconds(60), upsmon_wording);
  CHECK(p.argv == std::vector<std::string>{"/etc/nut/upssched-cmd", "power-off"});
  CHECK(has(p.env, "UPSNAME=nas"));
  CHECK(has(p.env, "NOTIFYTYPE=ONBATT"));
  CHECK(has(p.env, "NOTIFYMSG=UPS nas on battery"));
  CHECK(has(p.env, "NUTMQTT_CONTROL_SOCKET=/run/nutmqtt/s.sock"));
  CHECK(p.timeout == std::chrono::seconds(60));
}

TEST_CASE("the agent's own environment is kept, and its variables are replaced, not doubled") {
  ::setenv("UPSNAME", "stale", 1);
  ::setenv("NUTMQTT_TEST_KEEP", "yes", 1);
  auto p = cmdscript_request("/x", {"a", {"ONLINE", "nas", "m"}}, "/s", std::chrono::seconds(1),
                             upsmon_wording);
  ::unsetenv("UPSNAME");
  ::unsetenv("NUTMQTT_TEST_KEEP");
  CHECK(has(p.env, "NUTMQTT_TEST_KEEP=yes"));
  CHECK_FALSE(has(p.env, "UPSNAME=stale"));
  CHECK(std::count_if(p.env.begin(), p.env.end(),
                      [](const std::string& e) { return e.starts_with("UPSNAME="); }) == 1);
}

TEST_CASE("upsmon's wording for NOTIFYMSG") {
  CHECK(notify_message("ONBATT", "nas") == "UPS nas on battery");
  CHECK(notify_message("COMMBAD", "nas") == "Communications with UPS nas lost");
  CHECK(notify_message("SHUTDOWN", "") == "Auto logout and shutdown proceeding");
  CHECK(notify_message("TRIM", "nas") == "UPS nas: trimming incoming voltage");
  CHECK(notify_message("ALARM", "nas") == "UPS nas: one or more active alarms: [n/a]");
}

TEST_CASE("a shared timer's script gets every UPS, type and message once, as upssched 2.8.5") {
  notify_event cause{"ONBATT", "nas", "m"};
  cause.joined = {{"ONBATT", "rack"}, {"LOWBATT", "nas"}, {"ONBATT", "rack"}, {"LOWBATT", "rack"}};
  auto p =
      cmdscript_request("/x", {"power-off", cause}, "/s", std::chrono::seconds(1), upsmon_wording);
  CHECK(p.argv == std::vector<std::string>{"/x", "power-off"});
  CHECK(has(p.env, "UPSNAME=nas,rack"));
  CHECK(has(p.env, "NOTIFYTYPE=ONBATT,LOWBATT"));
  CHECK(has(p.env,
            "NOTIFYMSG=UPS nas on battery.\tUPS rack on battery.\tUPS nas battery is low.\t"
            "UPS rack battery is low"));
}

TEST_CASE("NOTIFYMSG is the configured wording: notify.messages reach the script") {
  auto p = cmdscript_request(
      "/x", {"t", {"ONBATT", "nas", "UPS nas on battery"}}, "/s", std::chrono::seconds(1),
      [](const std::string& type, const std::string& ups) { return type + " of " + ups; });
  CHECK(has(p.env, "NOTIFYMSG=ONBATT of nas"));
  // SHUTDOWN names no UPS: UPSNAME is set, and empty.
  auto s = cmdscript_request("/x", {"bye", {"SHUTDOWN", "", "m"}}, "/s", std::chrono::seconds(1),
                             upsmon_wording);
  CHECK(has(s.env, "UPSNAME="));
  CHECK(has(s.env, "NOTIFYMSG=Auto logout and shutdown proceeding"));
}
