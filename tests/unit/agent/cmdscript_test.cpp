#include "shutdown-agent/cmdscript.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::agent;

namespace {

bool has(const std::vector<std::string>& env, const std::string& entry) {
  return std::find(env.begin(), env.end(), entry) != env.end();
}

}  // namespace

TEST_CASE("CMDSCRIPT gets [script, name] and upssched's environment, no shell") {
  script_request r{"power-off", {"ONBATT", "nas", "UPS nas on battery"}};
  auto p = cmdscript_request("/etc/nut/upssched-cmd", r, "/run/nutmqtt/s.sock",
                             std::chrono::seconds(60));
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
  auto p = cmdscript_request("/x", {"a", {"ONLINE", "nas", "m"}}, "/s", std::chrono::seconds(1));
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
  CHECK(notify_message("TRIM", "nas") == "UPS nas: TRIM");
}
