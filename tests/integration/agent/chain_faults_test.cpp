// The whole chain when parts of it fail: the bridge killed, upsd killed, a bad payload, --fsd.

#include <csignal>

#include <doctest/doctest.h>

#include "e2e_fixture.hpp"
#include "support/child_process.hpp"

using namespace nutmqtt::test;

TEST_CASE("chain: the bridge killed while on battery - shutdown after deadtime") {
  auto o = chain_options();
  o.agent.rules = R"(
  - { at: ONBATT, ups: "*", start_timer: power-off, after: 10m }
)";
  chain_fixture c(o);
  auto& a = c.agent();
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_action("timer_started", "timer", "power-off"));
  // SIGKILL: no goodbye, the broker publishes the bridge's last will.
  c.bridge().process().signal(SIGKILL);
  REQUIRE(a.probe().wait_for_latest("ups/_bridge/home/availability", "offline", 15s));
  REQUIRE(a.wait_for_action("commbad", "source", "bridge availability"));
  REQUIRE(a.wait_for_shutdown());
  CHECK(a.agent().wait_for_log("last seen on battery and not heard from for more than 2s", 5s));
}

TEST_CASE("chain: upsd killed while on line power - upsgone starts, and stops when it is back") {
  chain_fixture c;
  auto& a = c.agent();
  c.nut().kill_upsd();
  REQUIRE(a.wait_for_action("timer_started", "timer", "upsgone"));
  CHECK(a.wait_for_action("commbad", "", ""));
  // A 2.8.0 driver may not survive its upsd: restart both, as an admin would.
  c.nut().stop_driver("dummy");
  c.nut().start_driver("dummy");
  c.nut().start_upsd();
  REQUIRE(a.wait_for_action("timer_cancelled", "timer", "upsgone", 60s));
  CHECK(a.wait_for_action("commok", "", ""));
  CHECK(a.agent().count_in_log("\"action\":\"commbad\"") == 1);
  CHECK(a.agent().count_in_log("\"action\":\"commok\"") == 1);
  CHECK(a.shutdowns() == 0);
  CHECK(a.calls_starting("upsgone|") == 0);
}

TEST_CASE("chain: nutmqtt-shutdown-agent --fsd shuts the host down") {
  chain_fixture c;
  auto& a = c.agent();
  auto r = run(
      {program_path("nutmqtt-shutdown-agent"), "-c", (a.dir() / "agent.yaml").string(), "--fsd"},
      20s);
  CHECK(r.status == 0);
  REQUIRE(a.wait_for_shutdown());
  CHECK(a.wait_for_action("shutdown", "", ""));
}

TEST_CASE("chain: a malformed event is ignored, the bridge's next one still acts") {
  chain_fixture c;
  auto& a = c.agent();
  a.publish("ups/nas/event", R"({"event_type":"ONBATT","ups":"nas"})", false);
  a.publish("ups/nas/event", "\x01garbage", false);
  REQUIRE(a.agent().wait_for_log("ignoring an invalid event: missing field", 10s));
  CHECK(a.calls().empty());
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|"));
  CHECK(a.calls_starting("onbatt|") == 1);
  CHECK(a.agent().process().running());
}

TEST_CASE("chain: upsd gone while on battery, final_delay 0 - the shutdown command runs") {
  // Regression: with a zero final delay, a shutdown begun when deadtime ended was announced
  // and never carried out.
  auto o = chain_options();
  o.agent.final_delay = "0s";
  o.agent.rules = R"(
  - { at: ONBATT, ups: "*", start_timer: power-off, after: 10m }
)";
  chain_fixture c(o);
  auto& a = c.agent();
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_action("timer_started", "timer", "power-off"));
  c.nut().kill_upsd();  // the NAS shuts itself down early
  REQUIRE(a.wait_for_action("commbad", "", ""));
  REQUIRE(a.agent().wait_for_log("running the shutdown command in 0ms", 20s));
  REQUIRE(a.wait_for_shutdown(10s));
  CHECK(a.shutdowns() == 1);
}
