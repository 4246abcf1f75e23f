// agent_logic learning from the retained state, across restarts of the bridge, the broker and
// the agent itself.

#include <algorithm>

#include <doctest/doctest.h>

#include "common/ups_status.hpp"
#include "shutdown-agent/logic/agent_logic.hpp"
#include "shutdown-agent/logic/agent_status.hpp"
#include "unit/agent/agent_test_helpers.hpp"

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace nutmqtt::agent::testing;
using namespace std::chrono_literals;
using common::event_type;

namespace {

agent_logic::settings base_settings() {
  agent_logic::settings s;
  s.rules = {make("ONBATT", rule_action::execute, "onbatt"),
             make("ONBATT", rule_action::start_timer, "power-off", 60s),
             make("ONLINE", rule_action::cancel_timer, "power-off"),
             make("ONLINE", rule_action::execute, "power-on"),
             make("COMMBAD", rule_action::start_timer, "upsgone", 30s),
             make("COMMOK", rule_action::cancel_timer, "upsgone")};
  s.supplies.monitor = {{"nas", 1}};
  s.supplies.wait_for_primary = 0s;  // OB LB at once, as the primary's FSD would make it
  s.supplies.deadtime = 15s;
  s.final_delay = 5s;
  s.shutdown_timers = {"power-off"};
  return s;
}

common::state_message state(std::string status,
                            std::map<std::string, common::wall_clock::time_point> since,
                            common::wall_clock::time_point time, std::string boot = "b1") {
  common::state_message s;
  s.ups = "nas";
  s.status = status;
  s.flags = common::split_status(status);
  s.since = std::move(since);
  s.time = time;
  s.bridge = "home";
  s.boot = std::move(boot);
  return s;
}

common::event_message event(event_type type, std::string status, std::uint64_t seq,
                            common::wall_clock::time_point time, std::string boot = "b1") {
  common::event_message e;
  e.type = type;
  e.ups = "nas";
  e.status = std::move(status);
  e.time = time;
  e.bridge = "home";
  e.boot = std::move(boot);
  e.seq = seq;
  return e;
}

}  // namespace

TEST_CASE("a UPS on battery since T gets its ONBATT rules as of T") {
  agent_logic logic(base_settings());
  // The agent starts 20 s into the outage and reads the retained state.
  auto s = state("OB DISCHRG", {{"OB", w0}}, w0 + 1s);
  auto fx = logic.on_state("nas", &s, t0, w0 + 20s);
  CHECK(scripts(fx) == std::vector<std::string>{"onbatt"});
  REQUIRE(logic.timers().running("power-off"));
  CHECK(logic.timers().all()[0].deadline == t0 + 40s);
  CHECK(fx.actions[0]["action"] == "learned_from_state");
  CHECK(fx.actions[0]["since"] == "2026-11-24T10:00:00.000Z");
  CHECK(logic.on_time(t0 + 39s).scripts.empty());
  CHECK(scripts(logic.on_time(t0 + 40s)) == std::vector<std::string>{"power-off"});
}

TEST_CASE("a countdown whose time has passed while nobody listened fires at once") {
  agent_logic logic(base_settings());
  auto s = state("OB", {{"OB", w0}}, w0);
  logic.on_state("nas", &s, t0, w0 + 90s);
  CHECK(logic.next_deadline() == t0 - 30s);
  CHECK(scripts(logic.on_time(t0)) == std::vector<std::string>{"power-off"});
}

TEST_CASE("the state and the event of one poll act once, whichever comes first") {
  agent_logic logic(base_settings());
  auto s = state("OB", {{"OB", w0}}, w0);
  CHECK(scripts(logic.on_state("nas", &s, t0, w0)) == std::vector<std::string>{"onbatt"});
  auto fx = logic.on_event(event(event_type::onbatt, "OB", 1, w0), t0);
  CHECK(fx.scripts.empty());
  CHECK(fx.ignored.find("ONBATT for nas repeats what is known (on battery since") !=
        std::string::npos);
  // And the other way round.
  agent_logic other(base_settings());
  CHECK(scripts(other.on_event(event(event_type::onbatt, "OB", 1, w0), t0)) ==
        std::vector<std::string>{"onbatt"});
  CHECK(other.on_state("nas", &s, t0, w0).scripts.empty());
}

TEST_CASE("a restarted bridge's ONBATT neither runs rules again nor restarts timers") {
  agent_logic logic(base_settings());
  logic.on_event(event(event_type::onbatt, "OB", 7, w0), t0);
  const auto deadline = logic.timers().all()[0].deadline;
  // New boot, seq from 1, since.OB = its start: the agent already knew.
  auto s = state("OB", {{"OB", w0 + 30s}}, w0 + 30s, "b2");
  CHECK(logic.on_state("nas", &s, t0 + 30s, w0 + 30s).scripts.empty());
  auto fx = logic.on_event(event(event_type::onbatt, "OB", 1, w0 + 30s, "b2"), t0 + 30s);
  CHECK(fx.scripts.empty());
  CHECK(fx.actions.empty());
  CHECK(logic.timers().all()[0].deadline == deadline);
  // Power back is still news.
  CHECK(scripts(logic.on_event(event(event_type::online, "OL", 2, w0 + 40s, "b2"), t0 + 40s)) ==
        std::vector<std::string>{"power-on"});
}

TEST_CASE("an old state behind an offline bridge is not news, but a dead UPS on battery is") {
  agent_logic logic(base_settings());
  logic.on_bridge_availability("home", false, t0);
  auto s = state("OB", {{"OB", w0 - 10min}}, w0 - 10min);
  auto fx = logic.on_state("nas", &s, t0, w0);
  CHECK(fx.scripts.empty());
  CHECK_FALSE(logic.timers().running("power-off"));
  CHECK(fx.ignored.find("not taken as news") != std::string::npos);
  // upsmon's rule: last seen on battery, silent for deadtime.
  CHECK_FALSE(logic.on_time(t0 + 14s).shutdown_begun);
  CHECK(logic.on_time(t0 + 15s).shutdown_begun);
}

TEST_CASE("a restarted agent keeps its countdowns and does not act twice") {
  auto settings = base_settings();
  settings.supplies.deadtime = 60s;
  agent_logic before(settings);
  auto s = state("OB", {{"OB", w0}}, w0);
  before.on_state("nas", &s, t0, w0);
  before.on_availability("nas", false, t0 + 5s);  // COMMBAD, upsgone started
  auto memory = before.memory(t0 + 10s, w0 + 10s);
  // The new process: its monotonic clock starts elsewhere.
  const time_point t1 = t0 + 1000s;
  agent_logic after(settings);
  after.restore(memory, t1, w0 + 12s);
  REQUIRE(after.timers().running("power-off"));
  REQUIRE(after.timers().running("upsgone"));
  CHECK(after.timers().all()[0].deadline == t1 + 23s);  // upsgone: started at w0+5s, 30 s
  CHECK(after.timers().all()[1].deadline == t1 + 48s);  // power-off: w0 + 60 s
  // Judged at once, then held until the broker's retained state was heard; the deadtime of
  // the silent UPS on battery (lost since w0+5s) still counts.
  CHECK(after.next_deadline() == t1);
  CHECK_FALSE(after.on_time(t1).shutdown_begun);
  CHECK(after.next_deadline() == t1 + 53s);
  // The retained topics, in the order the agent subscribes to them.
  after.on_broker(true, t1);
  CHECK(after.on_availability("nas", false, t1 + 100ms).actions.empty());  // no second COMMBAD
  auto retained = after.on_state("nas", &s, t1 + 200ms, w0 + 12s);
  CHECK(retained.scripts.empty());  // no second "onbatt"
  CHECK(retained.actions.empty());
  CHECK(after.on_time(t1 + 5s).scripts.empty());
  CHECK(after.next_deadline() == t1 + 23s);
  // The UPS comes back: COMMOK for the COMMBAD announced before the restart.
  auto ok = after.on_availability("nas", true, t1 + 6s);
  REQUIRE_FALSE(ok.actions.empty());
  CHECK(ok.actions[0]["action"] == "commok");
  CHECK_FALSE(after.timers().running("upsgone"));
}

TEST_CASE("restored timers wait for the broker: power may have come back meanwhile") {
  agent_logic before(base_settings());
  auto s = state("OB", {{"OB", w0}}, w0);
  before.on_state("nas", &s, t0, w0);
  auto memory = before.memory(t0 + 1s, w0 + 1s);
  agent_logic after(base_settings());
  after.restore(memory, t0, w0 + 10min);  // away for ten minutes: power-off overdue
  CHECK(after.on_time(t0).scripts.empty());
  after.on_broker(true, t0 + 1s);
  auto back = state("OL", {{"OL", w0 + 5min}}, w0 + 5min);
  // ONLINE's rules run once the backlog has been read (here its settle time): its
  // CANCEL-TIMER before the overdue timer could fire.
  CHECK(after.on_state("nas", &back, t0 + 1200ms, w0 + 10min).scripts.empty());
  CHECK(scripts(after.on_time(t0 + 6s)) == std::vector<std::string>{"power-on"});
  CHECK_FALSE(after.shutting_down());
}

TEST_CASE("a restored UPS on battery that stays silent is critical after deadtime") {
  agent_logic before(base_settings());
  auto s = state("OB", {{"OB", w0}}, w0);
  before.on_state("nas", &s, t0, w0);
  agent_logic after(base_settings());
  after.restore(before.memory(t0, w0), t0, w0 + 1s);  // and the broker is unreachable
  CHECK_FALSE(after.on_time(t0 + 14s).shutdown_begun);
  CHECK(after.on_time(t0 + 15s).shutdown_begun);
}

TEST_CASE("a loss from a cleared state outlives the agent's restart until a state comes") {
  // Regression (found by the property tests): restored as a mere broker loss, the UPS's
  // "online" availability ended it, and a UPS left on battery with no state never went critical.
  agent_logic before(base_settings());
  auto s = state("OB CAL", {{"OB", w0}}, w0);
  before.on_state("nas", &s, t0, w0, true);
  before.on_state("nas", nullptr, t0 + 1s, w0 + 1s);  // the retained state cleared
  REQUIRE(before.comm_lost("nas"));
  agent_logic after(base_settings());
  after.restore(before.memory(t0 + 1s, w0 + 1s), t0, w0 + 2s);  // lost since t0 - 1s
  after.on_availability("nas", true, t0 + 1s);
  CHECK(after.comm_lost("nas"));
  CHECK_FALSE(after.on_time(t0 + 13s).shutdown_begun);
  CHECK(after.on_time(t0 + 14s).shutdown_begun);
  // The same restart, then a state: heard again, on line power, nothing to do.
  agent_logic again(base_settings());
  again.restore(before.memory(t0 + 1s, w0 + 1s), t0, w0 + 2s);
  again.on_availability("nas", true, t0 + 1s);
  auto ol = state("OL", {}, w0 + 3s);
  again.on_state("nas", &ol, t0 + 1s, w0 + 3s, true);
  CHECK_FALSE(again.comm_lost("nas"));
  CHECK_FALSE(again.on_time(t0 + 60s).shutdown_begun);
}

TEST_CASE("a live message from a bridge ends the loss its offline started, a stored copy not") {
  agent_logic logic(base_settings());
  auto s = state("OL", {}, w0);
  logic.on_state("nas", &s, t0, w0, true);
  logic.on_bridge_availability("home", false, t0 + 1s);  // a retained "offline", maybe fake
  REQUIRE(logic.comm_lost("nas"));
  // The copy the broker keeps proves nothing: it may be all that is left of a dead bridge.
  logic.on_state("nas", &s, t0 + 3s, w0 + 3s, false);
  CHECK(logic.comm_lost("nas"));
  auto fresh = state("OL", {}, w0 + 4s);
  auto back = logic.on_state("nas", &fresh, t0 + 4s, w0 + 4s, true);
  CHECK_FALSE(logic.comm_lost("nas"));
  REQUIRE_FALSE(back.actions.empty());
  CHECK(back.actions[0]["action"] == "commok");
  // A UPS's availability: its bridge's NOCOMM proves the bridge alive, not the UPS polled.
  logic.on_availability("nas", false, t0 + 5s);
  logic.on_event(event(event_type::nocomm, "OL", 3, w0 + 6s), t0 + 6s);
  CHECK(logic.comm_lost("nas"));
  logic.on_event(event(event_type::commok, "OL", 4, w0 + 7s), t0 + 7s);
  CHECK_FALSE(logic.comm_lost("nas"));
  // A bridge back "online" ends what its "offline" started once it shows it polls the UPS.
  logic.on_bridge_availability("home", false, t0 + 8s);
  logic.on_availability("nas", true, t0 + 8500ms, true);  // a stored copy, bridge gone: no
  CHECK(logic.comm_lost("nas"));
  logic.on_bridge_availability("home", true, t0 + 9s);
  CHECK(logic.comm_lost("nas"));
  logic.on_availability("nas", true, t0 + 10s);
  CHECK_FALSE(logic.comm_lost("nas"));
  // After a reconnect the broker hands over the bridge's availability, then the UPS's: the
  // bridge online, its stored "online" for the UPS counts (the bridge republished it).
  logic.on_bridge_availability("home", false, t0 + 11s);
  logic.on_bridge_availability("home", true, t0 + 12s);
  CHECK(logic.comm_lost("nas"));
  logic.on_availability("nas", true, t0 + 12s, true);
  CHECK_FALSE(logic.comm_lost("nas"));
}

TEST_CASE("a restarted bridge that cannot poll its UPS does not restart the count of deadtime") {
  // Regression (found by the property tests): the bridge's "online" ended the loss its death
  // started, and its UPS's "offline" after the first failed poll started a new one, so a bridge
  // restarting over and over kept a silent UPS on battery from ever being critical.
  agent_logic logic(base_settings());
  auto ob = state("OB", {{"OB", w0}}, w0);
  logic.on_state("nas", &ob, t0, w0, true);
  logic.on_bridge_availability("home", false, t0);
  for (int i = 1; i <= 2; ++i) {
    const auto at = t0 + std::chrono::seconds(4 * i);
    logic.on_bridge_availability("home", true, at);
    logic.on_availability("nas", false, at + 2s);
    logic.on_bridge_availability("home", false, at + 3s);
  }
  CHECK_FALSE(logic.on_time(t0 + 14s).shutdown_begun);
  CHECK(logic.on_time(t0 + 15s).shutdown_begun);
}

TEST_CASE("the outlook: named timers, a silent UPS on battery, and the final delay") {
  agent_logic logic(base_settings());
  CHECK_FALSE(logic.outlook(t0).pending);
  CHECK(describe_status(logic, t0).text == "Waiting for UPS data");
  auto s = state("OB", {{"OB", w0}}, w0);
  logic.on_state("nas", &s, t0, w0);
  auto o = logic.outlook(t0 + 10s);
  CHECK(o.pending);
  CHECK(o.at == t0 + 60s);
  CHECK(o.cause == "timer power-off");
  auto status = describe_status(logic, t0 + 10s);
  CHECK(status.shutdown_pending);
  CHECK(status.shutdown_in == 50s);
  CHECK(status.text == "Shutdown pending: timer power-off");
  // Silent: critical after 15 s, sooner than power-off.
  logic.on_availability("nas", false, t0 + 20s);
  o = logic.outlook(t0 + 20s);
  CHECK(o.at == t0 + 35s);
  CHECK(o.cause == "a UPS on battery fell silent");
  logic.on_time(t0 + 35s);
  REQUIRE(logic.shutting_down());
  CHECK(describe_status(logic, t0 + 36s).shutdown_in == 4s);
  CHECK(describe_status(logic, t0 + 36s).text == "Shutting down");
}

TEST_CASE("the status in words names what matters most") {
  auto settings = base_settings();
  settings.shutdown_timers.clear();
  agent_logic logic(settings);
  auto ol = state("OL", {}, w0);
  logic.on_state("nas", &ol, t0, w0);
  CHECK(describe_status(logic, t0).text == "On line power");
  auto ob = state("OB", {{"OB", w0}}, w0 + 1s);
  logic.on_state("nas", &ob, t0 + 1s, w0 + 1s);
  CHECK(describe_status(logic, t0 + 1s).text == "On battery: nas");
  CHECK_FALSE(describe_status(logic, t0 + 1s).shutdown_pending);
  logic.on_availability("nas", false, t0 + 2s);
  CHECK(describe_status(logic, t0 + 2s).text == "Shutdown pending: a UPS on battery fell silent");
}

TEST_CASE("after a connect, a timer made overdue by an old state waits for the rest of the queue") {
  agent_logic logic(base_settings());
  logic.on_broker(true, t0);
  // Queued while the agent was away: the outage began 5 minutes ago, and ended. Taken as a
  // whole (the agent knew nothing of the UPS), the backlog says the UPS is on line power:
  // nothing to run, as at the first sight of a UPS on line power.
  auto ob = state("OB", {{"OB", w0}}, w0);
  logic.on_state("nas", &ob, t0 + 10ms, w0 + 5min);
  CHECK(logic.on_time(t0 + 20ms).scripts.empty());
  auto ol = state("OL", {{"OL", w0 + 4min}}, w0 + 4min);
  CHECK(logic.on_state("nas", &ol, t0 + 30ms, w0 + 5min).scripts.empty());
  CHECK(logic.on_time(t0 + 5s).scripts.empty());
  // Had power not come back, it fires once the queue was read.
  agent_logic other(base_settings());
  other.on_broker(true, t0);
  other.on_state("nas", &ob, t0 + 10ms, w0 + 5min);
  CHECK(other.next_deadline() == t0 + 5s);
  CHECK(scripts(other.on_time(t0 + 5s)) == std::vector<std::string>{"onbatt", "power-off"});
}

TEST_CASE("a broker that keeps dropping the agent does not hold its timers for ever") {
  agent_logic logic(base_settings());
  logic.on_broker(true, t0);
  auto ob = state("OB", {{"OB", w0}}, w0);
  logic.on_state("nas", &ob, t0, w0 + 2min);  // power-off overdue
  for (int i = 1; i <= 4; ++i) {
    logic.on_broker(false, t0 + std::chrono::seconds(i));
    logic.on_broker(true, t0 + std::chrono::seconds(i) + 500ms);
  }
  CHECK(logic.next_deadline() == t0 + 5s);
  CHECK(scripts(logic.on_time(t0 + 5s)) == std::vector<std::string>{"onbatt", "power-off"});
}

TEST_CASE("after a connect, timers fire at their deadline once what the broker held was read") {
  // Regression: every connect held all timers for a fixed 5 s, so a timer due in that window
  // fired late every time, even once the broker had nothing more to deliver.
  auto settings = base_settings();
  settings.rules.push_back(make("ONBATT", rule_action::start_timer, "soon", 2s));
  agent_logic logic(settings);
  logic.on_broker(true, t0);
  auto ol = state("OL", {}, w0);
  logic.on_state("nas", &ol, t0 + 10ms, w0);
  logic.on_broker_synced(t0 + 20ms);
  logic.on_event(event(event_type::onbatt, "OB", 2, w0 + 100ms), t0 + 100ms);
  CHECK(logic.next_deadline() == t0 + 2100ms);
  CHECK(scripts(logic.on_time(t0 + 2100ms)) == std::vector<std::string>{"soon"});
}

TEST_CASE("a timer overdue at a connect fires when the backlog is read, not at the settle time") {
  agent_logic logic(base_settings());
  logic.on_broker(true, t0);
  auto ob = state("OB", {{"OB", w0}}, w0);
  logic.on_state("nas", &ob, t0 + 10ms, w0 + 5min);  // power-off overdue
  CHECK(logic.on_time(t0 + 20ms).scripts.empty());   // more may be queued behind it
  CHECK(scripts(logic.on_broker_synced(t0 + 30ms)) ==
        std::vector<std::string>{"onbatt", "power-off"});
}

TEST_CASE("a restored timer runs on as soon as the broker's backlog is read") {
  agent_logic before(base_settings());
  auto ob = state("OB", {{"OB", w0}}, w0);
  before.on_state("nas", &ob, t0, w0);
  agent_logic after(base_settings());
  after.restore(before.memory(t0, w0), t0, w0 + 50s);  // 10 s of power-off left
  after.on_broker(true, t0 + 1s);
  CHECK(after.on_broker_synced(t0 + 1100ms).scripts.empty());
  CHECK(after.next_deadline() == t0 + 10s);
  CHECK(scripts(after.on_time(t0 + 10s)) == std::vector<std::string>{"power-off"});
}

TEST_CASE("the sync ends the settle time: a UPS known from events alone is heard") {
  agent_logic logic(base_settings());
  logic.on_event(event(event_type::online, "OL", 1, w0), t0);
  logic.on_broker(false, t0 + 1s);
  REQUIRE(logic.comm_lost("nas"));
  logic.on_broker(true, t0 + 2s);
  CHECK(logic.comm_lost("nas"));
  auto synced = logic.on_broker_synced(t0 + 2100ms);
  CHECK_FALSE(logic.comm_lost("nas"));
  REQUIRE_FALSE(synced.actions.empty());
  CHECK(synced.actions[0]["action"] == "commok");
}

TEST_CASE("a UPS whose retained state does not come after a reconnect stays silent") {
  // The bridge died and the broker restarted without its persistence: nothing tells of the
  // UPS, last seen on battery. upsmon, its upsd gone, would call it dead after deadtime.
  agent_logic logic(base_settings());
  auto ob = state("OB DISCHRG", {{"OB", w0}}, w0);
  logic.on_state("nas", &ob, t0, w0, true);
  logic.on_broker(false, t0 + 1s);
  logic.on_broker(true, t0 + 2s);
  auto synced = logic.on_broker_synced(t0 + 2100ms);
  CHECK(logic.comm_lost("nas"));
  CHECK_FALSE(synced.shutdown_begun);
  CHECK(logic.on_time(t0 + 1s + base_settings().supplies.deadtime).shutdown_begun);
}

TEST_CASE("an agent restarted during the final delay carries the shutdown on, once") {
  auto settings = base_settings();
  settings.final_delay = 10s;
  agent_logic before(settings);
  before.on_fsd_request("power-off asked for it", t0);
  agent_logic after(settings);
  after.restore(before.memory(t0 + 3s, w0 + 3s), t0 + 100s, w0 + 6s);  // 4 s left
  REQUIRE(after.shutting_down());
  CHECK(after.shutdown_reason() == "power-off asked for it");
  CHECK(after.next_deadline() == t0 + 104s);
  CHECK_FALSE(after.on_time(t0 + 103s).run_shutdown_command);
  CHECK(after.on_time(t0 + 104s).run_shutdown_command);
  // Nothing else runs, and a second restart does not run it again.
  agent_logic third(settings);
  third.restore(after.memory(t0 + 105s, w0 + 7s), t0, w0 + 8s);
  CHECK(third.shutting_down());
  CHECK_FALSE(third.next_deadline());
  CHECK_FALSE(third.on_time(t0 + 1h).run_shutdown_command);
  auto ob = state("OB LB", {{"OB", w0}}, w0 + 8s);
  CHECK(third.on_state("nas", &ob, t0 + 1s, w0 + 9s).scripts.empty());
}

TEST_CASE("a live state counts a countdown by the bridge's clock, whatever its skew") {
  // Found by the fault matrix: with the bridge's clock 20 s slow, a live ONBATT was dated 20 s
  // back by this host's clock, and a 20 s timer fired at once.
  agent_logic logic(base_settings());
  const auto slow = w0 - 20s;  // the bridge's clock
  auto ob = state("OB", {{"OB", slow}}, slow);
  logic.on_state("nas", &ob, t0, w0, true);
  CHECK(logic.next_deadline() == t0 + 60s);
  // A copy the broker kept counts from when it was taken, by this host's clock.
  agent_logic later(base_settings());
  auto kept = state("OB", {{"OB", w0 - 10s}}, w0 - 5s);
  later.on_state("nas", &kept, t0, w0, false);
  CHECK(later.next_deadline() == t0 + 50s);
}

TEST_CASE("a backlog of states from an outage that is over runs no rule of it") {
  // Found writing the larger-sites page (reproduced with the real agent and mosquitto): an
  // agent reading its persistent session's backlog ran each queued state's EXECUTE rules as
  // they came - the classic LOWBATT -> shutdowncritical among them - although the retained
  // state that followed said the outage was over. A host booting when power comes back, with
  // no state file (it lives in /run), shut down again. Rules learned from the backlog must
  // wait for the sync and act on the net change only.
  auto settings = base_settings();
  settings.rules.push_back(make("LOWBATT", rule_action::execute, "shutdowncritical"));
  agent_logic logic(settings);
  logic.on_broker(true, t0);
  // Queued while the host was off: on battery, then low battery (not retained: live copies).
  auto ob = state("OB", {{"OB", w0}}, w0);
  auto oblb = state("OB LB", {{"OB", w0}, {"LB", w0 + 5min}}, w0 + 5min);
  std::vector<std::string> ran;
  for (auto* s : {&ob, &oblb}) {
    for (const auto& script : scripts(logic.on_state("nas", s, t0 + 100ms, w0 + 30min, true)))
      ran.push_back(script);
  }
  // Then the retained state: power came back ten minutes ago.
  auto ol = state("OL", {{"OL", w0 + 20min}}, w0 + 20min);
  for (const auto& script : scripts(logic.on_state("nas", &ol, t0 + 200ms, w0 + 30min, false)))
    ran.push_back(script);
  for (const auto& script : scripts(logic.on_broker_synced(t0 + 300ms)))
    ran.push_back(script);
  CHECK(std::count(ran.begin(), ran.end(), "shutdowncritical") == 0);
  CHECK(std::count(ran.begin(), ran.end(), "onbatt") == 0);
  CHECK_FALSE(logic.shutting_down());
}

TEST_CASE("a backlog of an outage still under way runs its rules once, at the sync") {
  auto settings = base_settings();
  settings.rules.push_back(make("LOWBATT", rule_action::execute, "shutdowncritical"));
  agent_logic logic(settings);
  logic.on_broker(true, t0);
  auto ob = state("OB", {{"OB", w0}}, w0);
  auto oblb = state("OB LB", {{"OB", w0}, {"LB", w0 + 5min}}, w0 + 5min);
  std::vector<std::string> ran;
  for (auto* s : {&ob, &oblb}) {
    for (const auto& script : scripts(logic.on_state("nas", s, t0 + 100ms, w0 + 6min, true)))
      ran.push_back(script);
  }
  for (const auto& script : scripts(logic.on_state("nas", &oblb, t0 + 200ms, w0 + 6min, false)))
    ran.push_back(script);
  for (const auto& script : scripts(logic.on_broker_synced(t0 + 300ms)))
    ran.push_back(script);
  CHECK(std::count(ran.begin(), ran.end(), "onbatt") == 1);
  CHECK(std::count(ran.begin(), ran.end(), "shutdowncritical") == 1);
}
