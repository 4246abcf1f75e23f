// The whole chain restarted piece by piece during an outage: no event lost, none acted on
// twice, no countdown forgotten or started again.

#include <doctest/doctest.h>

#include "e2e_fixture.hpp"

using namespace nutmqtt::test;

namespace {

constexpr const char* kOutageRules = R"(
  - { at: ONBATT, ups: "*", execute: onbatt }
  - { at: ONBATT, ups: "*", start_timer: power-off, after: 10s }
  - { at: ONLINE, ups: "*", cancel_timer: power-off }
  - { at: ONLINE, ups: "*", execute: power-on }
)";

chain_options outage_options() {
  chain_options o;
  o.agent.rules = kOutageRules;
  // Restarts take a moment; a UPS on battery must not count as dead meanwhile.
  o.agent.deadtime = "15s";
  return o;
}

// Seconds left on power-off in the agent's retained state, once it shows the timer; -1 when
// the timer fired first.
double power_off_left(agent_fixture& a) {
  double left = -2;
  wait_until(
      [&] {
        if (a.calls_starting("power-off|") > 0) return (left = -1), true;
        auto s = a.agent_state();
        if (!s.is_object() || s.value("online", false) != true) return false;
        for (const auto& t : s["timers"]) {
          if (t.value("name", "") == "power-off")
            return (left = t.value("seconds_left", 99.0)), true;
        }
        return false;
      },
      30s);
  return left;
}

}  // namespace

TEST_CASE("chain: the broker restarted during an outage - nothing lost, nothing doubled") {
  auto o = outage_options();
  o.broker_persistence = true;
  o.agent.rules = R"(
  - { at: ONBATT, ups: "*", execute: onbatt }
  - { at: ONBATT, ups: "*", start_timer: power-off, after: 2m }
  - { at: ONLINE, ups: "*", cancel_timer: power-off }
  - { at: ONLINE, ups: "*", execute: power-on }
)";
  chain_fixture c(o);
  auto& a = c.agent();
  // The outage begins while the broker is down: the bridge queues ONBATT.
  c.broker().stop();
  c.set_status("OB DISCHRG");
  REQUIRE(c.bridge().wait_for_log("event ONBATT", 10s));
  c.broker().start();
  REQUIRE(a.wait_for_call("onbatt|nas|ONBATT|"));
  // Both the retained state and the queued event arrive; the second repeats the first.
  REQUIRE(a.agent().wait_for_log("event ONBATT for nas (bridge home", 20s));
  // The loss (the broker sent the bridge's last will as it stopped) ended with the bridge.
  CHECK(a.agent().wait_for_log("\"action\":\"commok\"", 10s));
  // A second broker restart, the outage known: the retained copies change nothing.
  c.broker().restart();
  REQUIRE(a.agent().wait_for_log_count("connected to the MQTT broker", 3, 20s));
  REQUIRE(wait_until([&] { return a.probe().connected(); }, 20s));
  REQUIRE(a.agent().wait_for_log_count("\"action\":\"commok\"", 2, 20s));
  c.set_status("OL CHRG");
  REQUIRE(a.wait_for_call("power-on|nas|ONLINE|"));
  std::this_thread::sleep_for(1s);
  CHECK(a.calls_starting("onbatt|") == 1);
  CHECK(a.calls_starting("power-on|") == 1);
  CHECK(a.calls_starting("power-off|") == 0);
  CHECK(a.wait_for_action("timer_cancelled", "timer", "power-off"));
  CHECK(a.shutdowns() == 0);
}

TEST_CASE("chain: the agent restarted during an outage keeps its countdown and acts once") {
  chain_fixture c(outage_options());
  auto& a = c.agent();
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|"));
  REQUIRE(a.wait_for_action("timer_started", "timer", "power-off"));
  std::this_thread::sleep_for(3s);
  a.start_agent();  // stops the running agent (SIGTERM) and starts it again
  CHECK(a.agent().wait_for_log("took back 1 timer(s)", 10s));
  // Three seconds of ten had passed: the countdown goes on, it does not start again.
  const double left = power_off_left(a);
  CHECK(left != -2);
  CHECK(left <= 7.5);
  REQUIRE(a.wait_for_call("power-off|nas|ONBATT|", 30s));
  std::this_thread::sleep_for(500ms);
  CHECK(a.calls_starting("onbatt|") == 1);
  CHECK(a.calls_starting("power-off|") == 1);
}

TEST_CASE("chain: an agent without memory rebuilds the countdown from the retained state") {
  chain_fixture c(outage_options());
  auto& a = c.agent();
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|"));
  REQUIRE(a.wait_for_action("timer_started", "timer", "power-off"));
  std::this_thread::sleep_for(3s);
  a.agent().stop();
  // As after a host restart, or the first start during an outage: no state file.
  std::filesystem::remove(a.dir() / "run/shutdown-agent.state");
  a.start_agent();
  // since.OB says when the outage began: the countdown counts from there.
  const double left = power_off_left(a);
  CHECK(left != -2);
  CHECK(left <= 7.5);
  CHECK(a.wait_for_action("learned_from_state", "event_type", "ONBATT"));
  REQUIRE(a.wait_for_call("power-off|nas|ONBATT|", 30s));
  // Knowing nothing of the first run, it ran ONBATT's EXECUTE again, as upsmon would.
  CHECK(a.calls_starting("onbatt|") == 2);
}

TEST_CASE("chain: the bridge restarted during an outage announces ONBATT again - acted on once") {
  auto o = outage_options();
  o.agent.rules = R"(
  - { at: ONBATT, ups: "*", execute: onbatt }
  - { at: ONBATT, ups: "*", start_timer: power-off, after: 10m }
)";
  chain_fixture c(o);
  auto& a = c.agent();
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|"));
  REQUIRE(a.wait_for_action("timer_started", "timer", "power-off"));
  const double before = power_off_left(a);
  REQUIRE(before > 0);  // shown, and not fired: it runs for ten minutes
  c.bridge().restart();
  REQUIRE(c.bridge().wait_for_log("event ONBATT #1", 15s));
  REQUIRE(a.agent().wait_for_log("ONBATT for nas repeats what is known (on battery since", 15s));
  CHECK(a.calls_starting("onbatt|") == 1);
  // The countdown was not started again.
  const double after = power_off_left(a);
  CHECK(after > 0);
  CHECK(after <= before);
  std::size_t started = 0;
  for (const auto& m : a.probe().messages_on("ups/_agent/testhost/event")) {
    if (m.payload.find("\"timer_started\"") != std::string::npos) ++started;
  }
  CHECK(started == 1);
  CHECK(a.shutdowns() == 0);
}
