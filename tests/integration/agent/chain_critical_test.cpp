// upsmon 2.8.5's critical-rule settings through the whole chain: a real upsd + dummy-ups whose
// status the test changes as an operator would, the real bridge and mosquitto, the agent.

#include <thread>

#include <doctest/doctest.h>

#include "e2e_fixture.hpp"

using namespace nutmqtt::test;
using namespace std::chrono_literals;

namespace {

// No rules: only the critical rules decide here.
chain_options critical(const std::string& keys) {
  chain_options o;
  o.agent.rules = " []\n";
  o.agent.critical_extra = ", " + keys;
  return o;
}

}  // namespace

TEST_CASE("chain: OFF for off_duration shuts the host down - a shorter OFF does not") {
  chain_fixture c(critical("wait_for_primary: 0s, off_duration: 3s"));
  auto& a = c.agent();
  c.set_status("OFF");
  std::this_thread::sleep_for(1s);
  c.set_status("OL");
  std::this_thread::sleep_for(4s);
  CHECK(a.shutdowns() == 0);
  c.set_status("OFF");
  REQUIRE(a.wait_for_shutdown(15s));
  CHECK(a.agent().wait_for_log("output off for more than 3s", 5s));
}

TEST_CASE("chain: OVER and upsd gone for over_duration shuts the host down") {
  chain_fixture c(critical("wait_for_primary: 0s, over_duration: 2s"));
  auto& a = c.agent();
  c.set_status("OL OVER");
  std::this_thread::sleep_for(3s);
  CHECK(a.shutdowns() == 0);  // overloaded but heard: notifications only
  c.nut().kill_upsd();
  REQUIRE(a.wait_for_shutdown(20s));
  CHECK(a.agent().wait_for_log("overloaded and not heard from for more than 2s", 5s));
}

TEST_CASE("chain: OB LB shorter than oblb_duration is ignored, longer shuts down") {
  chain_fixture c(critical("wait_for_primary: 0s, oblb_duration: 4s"));
  auto& a = c.agent();
  c.set_status("OB LB");
  std::this_thread::sleep_for(1500ms);
  c.set_status("OB");
  std::this_thread::sleep_for(5s);
  CHECK(a.shutdowns() == 0);
  c.set_status("OB LB");
  REQUIRE(a.wait_for_shutdown(15s));
  CHECK(a.agent().wait_for_log("on battery with low battery", 5s));
}

TEST_CASE("chain: OB LB waits wait_for_primary for FSD - a blip passes, FSD ends the wait") {
  chain_fixture c(critical("wait_for_primary: 4s"));
  auto& a = c.agent();
  c.set_status("OB LB");
  std::this_thread::sleep_for(1500ms);
  c.set_status("OB");
  std::this_thread::sleep_for(5s);
  CHECK(a.shutdowns() == 0);
  // The primary sets FSD: no more waiting.
  c.set_status("OB LB");
  c.nut().set_fsd("dummy");
  REQUIRE(a.wait_for_shutdown(10s));
  CHECK(a.agent().wait_for_log("FSD is set", 5s));
}

TEST_CASE("chain: OB LB with no primary to set FSD shuts down after wait_for_primary") {
  chain_fixture c(critical("wait_for_primary: 3s"));
  auto& a = c.agent();
  c.set_status("OB LB");
  REQUIRE(a.wait_for_shutdown(15s));
  CHECK(a.agent().wait_for_log("on battery with low battery", 5s));
}

TEST_CASE("chain: ALARM makes a UPS volatile - upsd gone is critical at once, unless disabled") {
  chain_fixture on(critical("wait_for_primary: 0s"));
  on.set_status("OL ALARM");
  std::this_thread::sleep_for(2s);
  on.nut().stop_driver("dummy");  // DRIVER-NOT-CONNECTED: the bridge cannot poll it
  REQUIRE(on.agent().wait_for_shutdown(20s));
  CHECK(on.agent().agent().wait_for_log("in alarm (alarm_critical) and the bridge cannot poll it",
                                        5s));
  chain_fixture off(critical("wait_for_primary: 0s, alarm_critical: false"));
  off.set_status("OL ALARM");
  std::this_thread::sleep_for(2s);
  off.nut().stop_driver("dummy");
  REQUIRE(off.agent().wait_for_action("commbad", "", ""));
  std::this_thread::sleep_for(4s);  // past deadtime (2 s)
  CHECK(off.agent().shutdowns() == 0);
}
