#include "shutdown-agent/logic/agent_logic.hpp"

#include <doctest/doctest.h>

#include "common/event_message.hpp"
#include "common/state_message.hpp"
#include "common/ups_status.hpp"
#include "unit/agent/agent_test_helpers.hpp"

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace nutmqtt::agent::testing;
using namespace std::chrono_literals;

namespace {

agent_logic make_logic() {
  agent_logic::settings s;
  s.rules = {make("ONBATT", rule_action::start_timer, "power-off", 60s),
             make("ONLINE", rule_action::cancel_timer, "power-off"),
             make("ONLINE", rule_action::execute, "power-on"),
             make("LOWBATT", rule_action::execute, "shutdowncritical"),
             make("COMMBAD", rule_action::start_timer, "upsgone", 30s),
             make("COMMOK", rule_action::cancel_timer, "upsgone"),
             make("SHUTDOWN", rule_action::execute, "goodbye")};
  s.supplies.monitor = {{"nas", 1}};
  s.supplies.wait_for_primary = 0s;  // OB LB at once, as the primary's FSD would make it
  s.supplies.deadtime = 15s;
  s.final_delay = 5s;
  return agent_logic(std::move(s));
}

std::uint64_t next_seq = 1;

common::event_message event(common::event_type type, std::string status, std::string ups = "nas") {
  common::event_message e;
  e.type = type;
  e.ups = std::move(ups);
  e.status = std::move(status);
  e.bridge = "home";
  e.boot = "b1";
  e.seq = next_seq++;
  return e;
}

// upsmon's dead-UPS rule: not yet critical a second before `due`, shutting down at it.
void check_dead_at(agent_logic& logic, time_point due) {
  CHECK_FALSE(logic.on_time(due - 1s).shutdown_begun);
  auto dead = logic.on_time(due);
  REQUIRE(dead.shutdown_begun);
  CHECK(dead.shutdown_begun->find("not heard from") != std::string::npos);
}

// Bridge b, the last one polling "nas" (on battery), dies at 20 s: COMMBAD at once, and
// upsmon's dead-UPS rule deadtime (15 s) later.
void check_last_bridge_dies(agent_logic& logic) {
  auto dead_b = logic.on_bridge_availability("b", false, t0 + 20s);
  REQUIRE_FALSE(dead_b.actions.empty());
  CHECK(dead_b.actions[0]["action"] == "commbad");
  check_dead_at(logic, t0 + 35s);
}

}  // namespace

TEST_CASE("ONBATT starts power-off, which fires after its delay with the ONBATT cause") {
  auto logic = make_logic();
  auto fx = logic.on_event(event(common::event_type::onbatt, "OB DISCHRG"), t0);
  CHECK(fx.scripts.empty());
  CHECK(fx.state_changed);
  CHECK(logic.next_deadline() == t0 + 60s);
  auto fired = logic.on_time(t0 + 60s);
  REQUIRE(fired.scripts.size() == 1);
  CHECK(fired.scripts[0].argument == "power-off");
  CHECK(fired.scripts[0].cause.type == "ONBATT");
  CHECK(fired.scripts[0].cause.ups == "nas");
  CHECK(fired.scripts[0].cause.message == "UPS nas on battery");
  CHECK_FALSE(logic.shutting_down());
}

TEST_CASE("a duplicate event (same boot and seq) is acted on once") {
  auto logic = make_logic();
  auto e = event(common::event_type::online, "OL");
  CHECK(scripts(logic.on_event(e, t0)) == std::vector<std::string>{"power-on"});
  auto again = logic.on_event(e, t0 + 1s);
  CHECK(again.scripts.empty());
  CHECK(again.ignored.find("already seen") != std::string::npos);
}

TEST_CASE("events of UPSes not monitored are ignored") {
  auto logic = make_logic();
  auto fx = logic.on_event(event(common::event_type::fsd, "FSD OB LB", "other"), t0);
  CHECK(fx.scripts.empty());
  CHECK_FALSE(logic.shutting_down());
}

TEST_CASE("OB LB: shutdowncritical runs and the shutdown command is due once, after final_delay") {
  auto logic = make_logic();
  auto fx = logic.on_event(event(common::event_type::lowbatt, "OB LB"), t0);
  CHECK(scripts(fx) == std::vector<std::string>{"shutdowncritical", "goodbye"});
  REQUIRE(fx.shutdown_begun);
  CHECK(fx.shutdown_begun->find("nas: on battery with low battery") != std::string::npos);
  CHECK_FALSE(fx.run_shutdown_command);
  CHECK(logic.next_deadline() == t0 + 5s);
  CHECK_FALSE(logic.on_time(t0 + 4s).run_shutdown_command);
  CHECK(logic.on_time(t0 + 5s).run_shutdown_command);
  CHECK_FALSE(logic.on_time(t0 + 6s).run_shutdown_command);
  CHECK_FALSE(logic.next_deadline());
  // From then on it does nothing else.
  CHECK(logic.on_event(event(common::event_type::online, "OL"), t0 + 7s).scripts.empty());
  CHECK_FALSE(logic.on_fsd_request("again", t0 + 8s).shutdown_begun);
}

TEST_CASE("FSD shuts down - a second reason does not start a second sequence") {
  auto logic = make_logic();
  auto fx = logic.on_event(event(common::event_type::fsd, "FSD OL"), t0);
  CHECK(fx.shutdown_begun);
  CHECK_FALSE(logic.on_fsd_request("manual", t0 + 1s).shutdown_begun);
}

TEST_CASE("the bridge going offline while on battery shuts down after deadtime") {
  auto logic = make_logic();
  logic.on_event(event(common::event_type::onbatt, "OB DISCHRG"), t0);
  auto fx = logic.on_bridge_availability("home", false, t0 + 1s);
  CHECK_FALSE(fx.shutdown_begun);
  REQUIRE_FALSE(fx.actions.empty());
  CHECK(fx.actions[0]["action"] == "commbad");
  CHECK(logic.next_deadline() == t0 + 16s);
  check_dead_at(logic, t0 + 16s);
}

TEST_CASE("availability offline while on line power starts upsgone - its return cancels it") {
  auto logic = make_logic();
  logic.on_event(event(common::event_type::online, "OL"), t0);
  auto gone = logic.on_availability("nas", false, t0 + 1s);
  CHECK(logic.timers().running("upsgone"));
  REQUIRE_FALSE(gone.actions.empty());
  CHECK(gone.actions[0]["action"] == "commbad");
  // The bridge's own COMMBAD for the same loss is not acted on again.
  auto dup = logic.on_event(event(common::event_type::commbad, ""), t0 + 2s);
  CHECK(dup.ignored.find("already announced") != std::string::npos);
  logic.on_availability("nas", true, t0 + 3s);
  CHECK_FALSE(logic.timers().running("upsgone"));
  auto later = logic.on_time(t0 + 60s);
  CHECK(later.scripts.empty());
  CHECK_FALSE(later.shutdown_begun);
}

TEST_CASE("a cleared state is a loss too, and the bridge's COMMOK after it is not doubled") {
  auto logic = make_logic();
  logic.on_event(event(common::event_type::online, "OL"), t0);
  logic.on_state("nas", nullptr, t0 + 1s, w0 + 1s);
  CHECK(logic.timers().running("upsgone"));
  common::state_message s;
  s.ups = "nas";
  s.status = "OL";
  s.flags = {"OL"};
  s.bridge = "home";
  auto back = logic.on_state("nas", &s, t0 + 2s, w0 + 2s);
  CHECK_FALSE(logic.timers().running("upsgone"));
  auto ok = logic.on_event(event(common::event_type::commok, "OL"), t0 + 3s);
  CHECK(ok.ignored.find("already announced") != std::string::npos);
  (void)back;
}

TEST_CASE("losing the broker raises COMMBAD - hearing the UPS again raises COMMOK") {
  auto logic = make_logic();
  logic.on_event(event(common::event_type::online, "OL"), t0);
  auto lost = logic.on_broker(false, t0 + 1s);
  CHECK(logic.timers().running("upsgone"));
  auto back = logic.on_broker(true, t0 + 2s);
  CHECK(logic.timers().running("upsgone"));
  logic.on_availability("nas", true, t0 + 2s);
  CHECK_FALSE(logic.timers().running("upsgone"));
  (void)lost;
  (void)back;
}

TEST_CASE("--fsd runs the same shutdown sequence") {
  auto logic = make_logic();
  auto fx = logic.on_fsd_request("requested", t0);
  REQUIRE(fx.shutdown_begun);
  CHECK(*fx.shutdown_begun == "requested");
  CHECK(scripts(fx) == std::vector<std::string>{"goodbye"});
  CHECK(logic.on_time(t0 + 5s).run_shutdown_command);
}

TEST_CASE("final_delay 0: a shutdown that begins when deadtime ends runs the command at once") {
  // Regression: the command was announced ("running the shutdown command in 0ms") and never
  // run when the shutdown began inside on_time.
  agent_logic::settings s;
  s.supplies.monitor = {{"nas", 1}};
  s.supplies.wait_for_primary = 0s;  // OB LB at once, as the primary's FSD would make it
  s.supplies.deadtime = 6s;
  s.final_delay = 0ms;
  agent_logic logic(std::move(s));
  logic.on_event(event(common::event_type::onbatt, "OB DISCHRG"), t0);
  logic.on_availability("nas", false, t0 + 1s);  // upsd stopped: the bridge says offline
  CHECK(logic.next_deadline() == t0 + 7s);
  auto dead = logic.on_time(t0 + 7s);
  REQUIRE(dead.shutdown_begun);
  CHECK(dead.run_shutdown_command);
  CHECK_FALSE(logic.next_deadline());
  CHECK_FALSE(logic.on_time(t0 + 8s).run_shutdown_command);
}

TEST_CASE("final_delay 0: events, --fsd and a deadline each run the command exactly once") {
  auto zero = [] {
    agent_logic::settings s;
    s.supplies.monitor = {{"nas", 1}};
    s.supplies.wait_for_primary = 0s;  // OB LB at once, as the primary's FSD would make it
    s.final_delay = 0ms;
    return agent_logic(std::move(s));
  };
  auto by_event = zero();
  auto fx = by_event.on_event(event(common::event_type::fsd, "FSD OB"), t0);
  CHECK(fx.run_shutdown_command);
  CHECK_FALSE(by_event.on_time(t0).run_shutdown_command);
  auto by_request = zero();
  CHECK(by_request.on_fsd_request("asked", t0).run_shutdown_command);
  CHECK_FALSE(by_request.on_time(t0 + 1s).run_shutdown_command);
}

TEST_CASE("a UPS on battery whose driver dies twice is critical deadtime after the second loss") {
  // Found by the differential (seed 1052): on battery, the driver died for 3 s, came back
  // (WAIT), then died again for longer than deadtime. upsmon shut down deadtime after the
  // second failed poll; the agent must too.
  agent_logic::settings set;
  set.supplies.monitor = {{"nas", 1}};
  set.supplies.deadtime = 6s;
  set.supplies.wait_for_primary = 2s;
  set.supplies.alarm_critical = false;
  set.final_delay = 0s;
  agent_logic logic(std::move(set));
  const auto state = [&](std::string status, bool available, std::chrono::seconds at) {
    common::state_message s;
    s.ups = "nas";
    s.status = status;
    s.flags = common::split_status(status);
    for (const auto& f : s.flags)
      s.since[f] = w0 + 1s;
    s.time = w0 + at;
    s.bridge = "home";
    s.boot = "b1";
    s.seq = next_seq - 1;  // the events that follow it are news
    s.available = available;
    return logic.on_state("nas", &s, t0 + at, w0 + at);
  };
  state("OB BOOST", true, 1s);
  auto lose = [&](std::chrono::seconds at) {
    state("OB BOOST", false, at);
    logic.on_availability("nas", false, t0 + at);
    logic.on_event(event(common::event_type::commbad, "OB BOOST"), t0 + at);
  };
  auto regain = [&](std::chrono::seconds at) {
    state("OB BOOST", true, at);
    logic.on_availability("nas", true, t0 + at);
    logic.on_event(event(common::event_type::commok, "OB BOOST"), t0 + at);
  };
  lose(4s);
  regain(7s);
  CHECK_FALSE(logic.shutting_down());
  // What an older bridge sent: the driver restarting said WAIT, and the COMMBAD that followed
  // carried it. WAIT says nothing of the UPS; it was last seen on battery.
  state("OB BOOST", false, 15s);
  logic.on_availability("nas", false, t0 + 15s);
  logic.on_event(event(common::event_type::commbad, "WAIT"), t0 + 15s);
  REQUIRE(logic.next_deadline());
  CHECK(*logic.next_deadline() <= t0 + 21s);
  // The agent's state is published every second meanwhile (a countdown runs).
  for (auto at = t0 + 16s + 5ms; at < t0 + 21s; at += 1s)
    CHECK(logic.outlook(at).pending);
  CHECK(logic.on_time(t0 + 21s).shutdown_begun);
}

TEST_CASE("a bare WAIT in a state is no news: the UPS stays on battery for the critical rules") {
  // An older bridge published the restarted driver's WAIT as the status of its state.
  agent_logic::settings set;
  set.supplies.monitor = {{"nas", 1}};
  set.supplies.deadtime = 6s;
  set.supplies.wait_for_primary = 0s;
  set.final_delay = 0s;
  agent_logic logic(std::move(set));
  common::state_message s;
  s.ups = "nas";
  s.bridge = "home";
  s.boot = "b1";
  s.status = "OB DISCHRG";
  s.flags = common::split_status(s.status);
  s.time = w0;
  logic.on_state("nas", &s, t0, w0);
  s.status = "WAIT";
  s.flags = {"WAIT"};
  s.time = w0 + 2s;
  auto wait = logic.on_state("nas", &s, t0 + 2s, w0 + 2s);
  // Nothing learned from it: no ONLINE, no NOTDISCHRG-like change.
  CHECK(wait.notifications.empty());
  logic.on_availability("nas", false, t0 + 3s);
  CHECK_FALSE(logic.on_time(t0 + 8s).shutdown_begun);
  CHECK(logic.on_time(t0 + 9s).shutdown_begun);
}

namespace {
common::event_message event_from(const std::string& bridge, const std::string& boot,
                                 common::event_type type, std::string status) {
  auto e = event(type, std::move(status));
  e.bridge = bridge;
  e.boot = boot;
  return e;
}
}  // namespace

// Two bridges publish "nas" (active-active): each announces what it sees.
TEST_CASE("two bridges: each event is acted on once, and one bridge lost is no COMMBAD") {
  auto logic = make_logic();
  logic.on_bridge_availability("a", true, t0);
  logic.on_bridge_availability("b", true, t0);
  auto first = logic.on_event(event_from("a", "a1", common::event_type::onbatt, "OB DISCHRG"), t0);
  CHECK(logic.timers().running("power-off"));
  logic.on_availability_by("nas", "a", true, t0);
  logic.on_availability_by("nas", "b", true, t0);
  auto second =
      logic.on_event(event_from("b", "b1", common::event_type::onbatt, "OB DISCHRG"), t0 + 1s);
  CHECK(second.scripts.empty());
  CHECK(second.ignored.find("repeats what is known") != std::string::npos);
  // Bridge a loses the NAS: its availability, its COMMBAD. b still polls the UPS.
  auto lost_a = logic.on_availability_by("nas", "a", false, t0 + 5s);
  auto commbad_a =
      logic.on_event(event_from("a", "a1", common::event_type::commbad, "OB DISCHRG"), t0 + 5s);
  CHECK(lost_a.actions.empty());
  CHECK(commbad_a.actions.empty());
  CHECK(commbad_a.ignored.find("another bridge still polls it") != std::string::npos);
  CHECK_FALSE(logic.timers().running("upsgone"));
  // Then bridge b dies too: COMMBAD now, and deadtime counts from now.
  check_last_bridge_dies(logic);
}

TEST_CASE("two bridges: one killed while on battery changes nothing, the power-off timer fires") {
  auto logic = make_logic();
  logic.on_bridge_availability("a", true, t0);
  logic.on_bridge_availability("b", true, t0);
  logic.on_event(event_from("a", "a1", common::event_type::onbatt, "OB DISCHRG"), t0);
  logic.on_availability_by("nas", "a", true, t0);
  logic.on_availability_by("nas", "b", true, t0);
  auto killed = logic.on_bridge_availability("a", false, t0 + 3s);
  CHECK(killed.actions.empty());
  // Long past deadtime, not yet the timer.
  auto later = logic.on_time(t0 + 40s);
  CHECK_FALSE(later.shutdown_begun);
  CHECK(later.scripts.empty());
  auto timer = logic.on_time(t0 + 60s);
  CHECK(scripts(timer) == std::vector<std::string>{"power-off"});
}

namespace {

// A state of "nas" from `bridge`, published at w0 + `at` with the status it read at w0 + `read`.
common::state_message reading(const std::string& bridge, std::string status,
                              std::chrono::seconds read, std::chrono::seconds at,
                              bool available = true) {
  common::state_message s;
  s.ups = "nas";
  s.bridge = bridge;
  s.boot = bridge + "1";
  s.status = std::move(status);
  s.flags = common::split_status(s.status);
  s.time = w0 + at;
  s.polled = w0 + read;
  s.available = available;
  return s;
}

agent_logic two_bridges_on_battery() {
  auto logic = make_logic();
  logic.on_bridge_availability("a", true, t0);
  logic.on_bridge_availability("b", true, t0);
  // Each bridge's first state, then its word that it reaches the UPS, as a bridge sends them.
  auto a = reading("a", "OL", 0s, 0s);
  logic.on_state("nas", &a, t0, w0, true);
  auto b = reading("b", "OL", 0s, 0s);
  logic.on_state("nas", &b, t0, w0, true);
  logic.on_availability_by("nas", "a", true, t0);
  logic.on_availability_by("nas", "b", true, t0);
  // The outage at 1 s: bridge b reads it first.
  auto ob = reading("b", "OB DISCHRG", 1s, 1s);
  logic.on_state("nas", &ob, t0 + 1s, w0 + 1s, true);
  logic.on_event(event_from("b", "b1", common::event_type::onbatt, "OB DISCHRG"), t0 + 1s);
  REQUIRE(logic.timers().running("power-off"));
  return logic;
}

}  // namespace

// Bridge a last read the status before the outage: what it republishes (on losing upsd here)
// is older than what b read, and must not hide the outage from the critical rules.
TEST_CASE("two bridges: a lagging bridge's older status does not undo the other's outage") {
  auto logic = two_bridges_on_battery();
  auto stale = reading("a", "OL", 0s, 3s, false);
  auto fx = logic.on_state("nas", &stale, t0 + 3s, w0 + 3s, true);
  CHECK(fx.scripts.empty());
  CHECK(fx.ignored.find("read before") != std::string::npos);
  CHECK(logic.knowledge().on_battery("nas") == true);
  CHECK(logic.timers().running("power-off"));
  CHECK(logic.memory(t0 + 3s, w0 + 3s).statuses["nas"] ==
        std::vector<std::string>{"OB", "DISCHRG"});
  logic.on_availability_by("nas", "a", false, t0 + 3s);
  // Bridge b dies later in the outage: nobody polls a UPS on battery.
  check_last_bridge_dies(logic);
}

TEST_CASE("two bridges: a variables-only state with an older status changes nothing") {
  auto logic = two_bridges_on_battery();
  auto stale = reading("a", "OL", 0s, 2s);
  auto fx = logic.on_state("nas", &stale, t0 + 2s, w0 + 2s, true);
  CHECK(fx.scripts.empty());
  CHECK(logic.knowledge().on_battery("nas") == true);
  // Its next poll reads the outage: news to nobody.
  auto fresh = reading("a", "OB DISCHRG", 4s, 4s);
  CHECK(logic.on_state("nas", &fresh, t0 + 4s, w0 + 4s, true).scripts.empty());
  auto onbatt =
      logic.on_event(event_from("a", "a1", common::event_type::onbatt, "OB DISCHRG"), t0 + 4s);
  CHECK(onbatt.scripts.empty());
  CHECK(logic.timers().running("power-off"));
}

TEST_CASE("two bridges: a reading newer than the other's is taken, the power is back") {
  auto logic = two_bridges_on_battery();
  auto back = reading("a", "OL CHRG", 5s, 5s);
  auto fx = logic.on_state("nas", &back, t0 + 5s, w0 + 5s, true);
  CHECK(scripts(fx) == std::vector<std::string>{"power-on"});
  CHECK_FALSE(logic.timers().running("power-off"));
  // b's state read before that, published later (its variables changed), is the older one.
  auto old = reading("b", "OB DISCHRG", 4s, 6s);
  CHECK(logic.on_state("nas", &old, t0 + 6s, w0 + 6s, true).scripts.empty());
  CHECK(logic.knowledge().on_battery("nas") == false);
}

// The ages compared are each bridge's own (`time` minus `polled`, one clock): a bridge whose
// clock is an hour behind is judged by when its reading was made, not by its clock.
TEST_CASE("two bridges: readings are ordered by their age, whatever the bridges' clocks say") {
  auto logic = two_bridges_on_battery();
  auto behind = reading("a", "OL CHRG", -3600s + 5s, -3600s + 5s);
  CHECK(scripts(logic.on_state("nas", &behind, t0 + 5s, w0 + 5s, true)) ==
        std::vector<std::string>{"power-on"});
  // b's reading of 4 s, by its right clock, is still the older one.
  auto old = reading("b", "OB DISCHRG", 4s, 6s);
  CHECK(logic.on_state("nas", &old, t0 + 6s, w0 + 6s, true).scripts.empty());
  CHECK(logic.knowledge().on_battery("nas") == false);
}

TEST_CASE("one bridge: its own states are taken as they come, whatever they say they read") {
  auto logic = make_logic();
  auto ob = reading("home", "OB DISCHRG", 1s, 1s);
  logic.on_state("nas", &ob, t0 + 1s, w0 + 1s, true);
  REQUIRE(logic.knowledge().on_battery("nas") == true);
  // A single bridge's states come in the order it read them: nothing to compare.
  auto ol = reading("home", "OL", 0s, 3s);
  CHECK(scripts(logic.on_state("nas", &ol, t0 + 3s, w0 + 3s, true)) ==
        std::vector<std::string>{"power-on"});
}
