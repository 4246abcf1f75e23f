// The whole chain - upsd + dummy-ups, nutmqtt-bridge, mosquitto, the agent - on power events.

#include <doctest/doctest.h>

#include "e2e_fixture.hpp"

using namespace nutmqtt::test;

TEST_CASE("chain: OB - power-off fires after its delay") {
  chain_fixture c;
  c.set_status("OB DISCHRG");
  auto& a = c.agent();
  REQUIRE(a.wait_for_call("onbatt|nas|ONBATT|UPS nas on battery|"));
  REQUIRE(a.wait_for_call("power-off|nas|ONBATT|UPS nas on battery|"));
  CHECK(a.wait_for_action("timer_expired", "timer", "power-off"));
  CHECK(a.calls_starting("onbatt|") == 1);
  CHECK(a.calls_starting("power-off|") == 1);
  CHECK(a.shutdowns() == 0);
}

TEST_CASE("chain: OB then OL before the delay - cancelled, and power-on runs") {
  auto o = chain_options();
  o.agent.rules = R"(
  - { at: ONBATT, ups: "*", start_timer: power-off, after: 20s }
  - { at: ONLINE, ups: "*", cancel_timer: power-off }
  - { at: ONLINE, ups: "*", execute: power-on }
)";
  chain_fixture c(o);
  auto& a = c.agent();
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_action("timer_started", "timer", "power-off"));
  c.set_status("OL CHRG");
  REQUIRE(a.wait_for_call("power-on|nas|ONLINE|UPS nas on line power|"));
  CHECK(a.wait_for_action("timer_cancelled", "timer", "power-off"));
  CHECK(wait_until([&] { return a.agent_state()["timers"].empty(); }, 10s));
  CHECK(a.calls_starting("power-off|") == 0);
  CHECK(a.calls_starting("power-on|") == 1);
}

TEST_CASE("chain: OB LB - shutdowncritical runs and the shutdown command runs exactly once") {
  chain_fixture c;
  auto& a = c.agent();
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|"));
  c.set_status("OB LB DISCHRG");
  REQUIRE(a.wait_for_call("shutdowncritical|nas|LOWBATT|UPS nas battery is low|"));
  REQUIRE(a.wait_for_shutdown());
  CHECK(a.wait_for_action("shutdown_command_finished", "", ""));
  // FSD on top changes nothing: the command never runs twice.
  c.nut().set_fsd("dummy");
  CHECK(c.bridge().wait_for_log("event FSD", 10s));
  std::this_thread::sleep_for(1s);
  CHECK(a.shutdowns() == 1);
  CHECK(a.agent_state()["shutting_down"] == true);
}

TEST_CASE("chain: FSD from the NUT primary shuts the host down") {
  chain_fixture c;
  auto& a = c.agent();
  c.nut().set_fsd("dummy");
  REQUIRE(a.wait_for_shutdown());
  CHECK(a.agent().wait_for_log("FSD is set (forced shutdown)", 5s));
  CHECK(a.shutdowns() == 1);
}
