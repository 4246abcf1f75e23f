// Every counterexample the property tests found, shrunk, kept as a plain test: the scenario as
// RapidCheck printed it, and the property it broke. The notes say what was wrong.

#include <doctest/doctest.h>

#include "property/agent/simulation.hpp"

using namespace nutmqtt::agent;
using namespace nutmqtt::agent::property;
using namespace std::chrono_literals;

namespace {

scenario_config config(int ups_count, std::vector<monitor_entry> monitor, int min_supplies,
                       ms deadtime, ms final_delay, std::vector<rule> rules = {}) {
  scenario_config c;
  c.ups_count = ups_count;
  c.monitor = std::move(monitor);
  c.min_supplies = min_supplies;
  c.deadtime = deadtime;
  c.final_delay = final_delay;
  c.rules = std::move(rules);
  return c;
}

void holds(const scenario& s) {
  const run_result r = simulate(s);
  for (const auto& f : r.findings)
    FAIL_CHECK(f.property << ": " << f.what << "\n" << r.trace);
  CHECK(r.findings.empty());
}

}  // namespace

TEST_CASE("regression: at start, a UPS judged before the retained states of the others arrived") {
  // The agent judged its supplies at each retained message: with a power-0 MONITOR line and
  // the "*" UPSes not read yet, it shut down at start. Judgement now waits for the sync.
  holds({config(2, {{"u3", 0}, {"*", 1}}, 1, 1000ms, 0ms), {}});
}

TEST_CASE("regression: the agent killed during the final delay, then started again") {
  // The shutdown was forgotten across the restart: announced, and its command never ran.
  holds({config(2, {{"*", 1}}, 0, 1000ms, 1ms),
         {act(step_kind::fsd_request), act(step_kind::agent_stop), advance(1ms),
          act(step_kind::agent_start)}});
}

TEST_CASE("regression: a LOWBATT queued while the broker was down, over by the time it is back") {
  // Found while the agent judged each message of the broker's backlog as it came: the queued
  // OB LB of a UPS now back on line power shut the host down.
  holds({config(1, {{"u1", 1}, {"u2", 0}}, 1, 1000ms, 0ms),
         {act(step_kind::broker_down), status(0, {"OB", "LB"}), status(0, {"OL"}),
          broker_up(true, true)}});
}

TEST_CASE("regression: the bridge's own COMMBAD announced as the agent's loss") {
  // The bridge's COMMBAD (queued while the broker was down) ran the COMMBAD rules without the
  // agent saying "commbad", so its COMMOK looked like a second one.
  holds({config(1, {{"u1", 0}}, 0, 1000ms, 0ms),
         {act(step_kind::broker_down), act(step_kind::ups_lost), act(step_kind::ups_back),
          broker_up(false, false)}});
}

TEST_CASE("regression: a bridge back online that cannot poll its UPS on battery") {
  // The bridge's "online" ended the loss its death had started; its UPS's "offline" then began
  // a new one, so deadtime was counted again from the bridge's restart.
  holds({config(1, {{"*", 1}}, 1, 1000ms, 0ms),
         {status(0, {"OB"}), act(step_kind::bridge_dies), advance(1ms), act(step_kind::ups_lost),
          act(step_kind::bridge_starts)}});
}

TEST_CASE("regression: a restarted agent reading a dead bridge's retained availability") {
  // The retained "online" of a UPS behind a dead bridge ended its loss before the state told
  // the agent which bridge it was behind; the loss then began again, later.
  holds({config(1, {{"*", 1}}, 1, 1000ms, 0ms),
         {status(0, {"OB"}), act(step_kind::bridge_dies), act(step_kind::agent_stop),
          act(step_kind::agent_start), advance(1ms), act(step_kind::ups_lost),
          act(step_kind::bridge_starts)}});
}

TEST_CASE("regression: the session's last state counts when the retained one was cleared") {
  // Simulation: the oracle took only the retained state as what the agent knew after a
  // partition; with it cleared, the state the session kept is the newest news.
  holds({config(2, {{"u1", 1}, {"u2", 0}, {"u3", 0}}, 1, 1000ms, 0ms),
         {act(step_kind::agent_cut), status(0, {"OB", "CAL"}), act(step_kind::clear_state),
          act(step_kind::agent_back)}});
}

TEST_CASE("regression: a UPS the session shows polled while the agent was down") {
  // Oracle: a UPS silent when the agent stopped stayed silent from then on, even when what the
  // session kept showed it polled since; the agent counts what it reads as heard now.
  holds({config(2, {{"u1", 0}, {"*", 1}}, 1, 1000ms, 0ms),
         {act(step_kind::clear_state, 1), advance(1ms), act(step_kind::agent_stop),
          status(1, {"OB", "CAL"}), act(step_kind::bridge_dies), act(step_kind::agent_start)}});
}

TEST_CASE("regression: at the sync, held timers fire before the shutdown is judged") {
  // Oracle: at the sync, the agent fires the timers it held, then judges; the oracle judged
  // first and expected the 0 s timer never to fire.
  holds({config(2, {{"u1", 0}, {"u2", 1}, {"u3", 0}}, 1, 1000ms, 0ms, {[] {
                  rule r;
                  r.at = "ONLINE";
                  r.ups = "u2";
                  r.action = rule_action::start_timer;
                  r.name = "later";
                  return r;
                }()}),
         {act(step_kind::agent_cut), status(1, {"OB", "CAL"}), status(1, {"FSD", "OL"}),
          act(step_kind::agent_back)}});
}

TEST_CASE("regression: an agent restarted with a UPS already critical acts at once") {
  // The restored memory said a UPS on battery was silent past deadtime, but the agent judged
  // only at its next message: no shutdown while the broker stayed unreachable.
  holds({config(1, {{"u1", 1}}, 1, 1000ms, 0ms),
         {status(0, {"OB"}), act(step_kind::agent_cut), act(step_kind::agent_stop), advance(1000ms),
          act(step_kind::agent_start)}});
}

TEST_CASE("regression: a timer the sync fires can be started again by what follows") {
  // Simulation: the oracle fired the agent's held timers after the messages that followed
  // the sync, and so took a new start of that timer for one already running.
  rule r;
  r.at = "COMMBAD";
  r.action = rule_action::start_timer;
  r.name = "nocontact";
  r.after = 110s;
  holds({config(1, {{"u1", 0}}, 0, 1000ms, 0ms, {r}),
         {act(step_kind::agent_cut), advance(109285ms), act(step_kind::agent_stop),
          act(step_kind::ups_lost), act(step_kind::broker_down), act(step_kind::agent_start),
          advance(715ms), act(step_kind::agent_back), broker_up(false, true)}});
}

TEST_CASE("regression: a broker restart without persistence, the bridge back first") {
  // Found by the fault matrix: the bridge's last will (published as the broker stops) started
  // a loss that only a live poll could end; after the restart the agent read the bridge's
  // republished topics as retained copies, and the UPS on battery became critical.
  holds({config(1, {{"u1", 1}}, 1, 1000ms, 0ms),
         {status(0, {"OB"}), act(step_kind::broker_down), broker_up(false, false), advance(3s)}});
}

TEST_CASE("regression: ALARM and a failed poll learnt from what a restarted broker holds") {
  auto c = config(2, {{"u1", 1}}, 1, 1000ms, 0ms);
  c.off_duration = 0ms;
  c.wait_for_primary = 15s;
  holds({c,
         {act(step_kind::broker_down), status(0, {"OL", "ALARM"}), act(step_kind::ups_lost),
          broker_up(false, false)}});
}

TEST_CASE("regression: a state of the session's backlog is aged by this host's clock") {
  rule r;
  r.at = "LOWBATT";
  r.action = rule_action::start_timer;
  r.name = "later";
  r.after = 1s;
  holds({config(3, {{"u2", 0}, {"u3", 0}, {"*", 1}}, 0, 1000ms, 0ms, {r}),
         {act(step_kind::agent_cut), status(0, {"OB", "LB", "DISCHRG"}), advance(1ms),
          act(step_kind::agent_back)}});
}

TEST_CASE("regression: OB LB while calibrating, then the agent cut off") {
  // Simulation: the oracle heard of the cut after the agent had judged it.
  auto c = config(2, {{"u1", 0}, {"u3", 0}, {"*", 1}}, 1, 1000ms, 0ms);
  c.off_duration = 0ms;
  c.over_duration = 0ms;
  c.alarm_critical = false;
  holds({c, {status(1, {"OB", "LB", "CAL"}), act(step_kind::agent_cut)}});
}

TEST_CASE("regression: OVER and a failed poll learnt after a broker restart, the agent first") {
  auto c = config(1, {{"*", 1}}, 1, 1000ms, 0ms);
  c.off_duration = 0ms;
  c.over_duration = 0ms;
  c.alarm_critical = false;
  holds({c,
         {act(step_kind::broker_down), status(0, {"OL", "OVER"}), act(step_kind::ups_lost),
          broker_up(false, true)}});
}

TEST_CASE("regression: an event proves a UPS whose state was cleared polled again") {
  // The agent: the ONBATT that came before the republished state did not end the loss the
  // cleared state began, so the UPS on battery counted as silent for deadtime.
  auto c = config(2, {{"u2", 0}, {"u3", 0}, {"*", 1}}, 1, 1000ms, 0ms);
  c.off_duration = 0ms;
  c.alarm_critical = false;
  c.wait_for_primary = 0ms;
  holds({c,
         {act(step_kind::clear_state, 0), advance(1000ms),
          status(0, {"OB", "OVER"}, {.events_first = true})}});
}

TEST_CASE("regression: a failed poll of a calibrating UPS, then its bridge dies") {
  // The oracle: losing the bridge made the failed poll unknown, as if the UPS answered again.
  auto c = config(3, {{"u2", 1}, {"u3", 1}, {"u4", 0}}, 1, 15001ms, 0ms);
  c.alarm_critical = false;
  c.off_duration.reset();
  c.wait_for_primary = 15000ms;
  holds({c,
         {status(1, {"OL", "CAL"}), act(step_kind::ups_lost, 1), status(2, {"OB", "LB", "DISCHRG"}),
          act(step_kind::bridge_dies)}});
}

TEST_CASE("regression: a failed poll read from the backlog of a restarted agent, bridge dead") {
  // The oracle: a failed poll the agent learnt after the bridge had died did not count.
  auto c = config(2, {{"u1", 1}, {"u2", 0}}, 1, 1000ms, 0ms);
  c.off_duration = 0ms;
  c.alarm_critical = false;
  c.wait_for_primary = 15000ms;
  holds({c,
         {act(step_kind::agent_stop), status(0, {"OB", "CAL"}), act(step_kind::ups_lost, 0),
          act(step_kind::bridge_dies), act(step_kind::agent_start)}});
}

TEST_CASE("regression: a bypass failed poll read after a cut, bridge dead") {
  auto c = config(2, {{"u3", 1}, {"*", 1}}, 2, 1000ms, 0ms);
  c.off_duration = 0ms;
  c.alarm_critical = false;
  c.wait_for_primary = 0ms;
  holds({c,
         {status(0, {"OB", "LB"}), act(step_kind::agent_cut), status(1, {"OL", "BYPASS"}),
          act(step_kind::ups_lost, 1), act(step_kind::bridge_dies), act(step_kind::agent_back)}});
}

TEST_CASE("regression: the bridge's last will as the broker stops, OVER") {
  // Simulation: the oracle heard of the bridge's loss after the agent had judged it.
  auto c = config(2, {{"u1", 0}, {"*", 1}}, 1, 1000ms, 0ms);
  c.off_duration.reset();
  c.over_duration = 0ms;
  c.alarm_critical = false;
  c.wait_for_primary = 0ms;
  holds({c, {status(1, {"OB", "OVER"}), act(step_kind::broker_down)}});
}

TEST_CASE("regression: the bridge's last will as the broker stops, OB LB CAL") {
  auto c = config(1, {{"u1", 1}, {"u2", 0}}, 1, 1000ms, 0ms);
  c.off_duration = 0ms;
  c.alarm_critical = false;
  c.wait_for_primary = 0ms;
  holds({c, {status(0, {"OB", "LB", "CAL"}), act(step_kind::broker_down)}});
}

TEST_CASE("regression: bridge dead and the broker's retained topics lost while cut off") {
  // The agent: after the reconnect nothing told of the UPSes, and the sync took them as
  // heard - a UPS on battery was never judged silent again.
  auto c = config(2, {{"u1", 1}, {"u2", 0}, {"u3", 0}}, 1, 1000ms, 0ms);
  c.off_duration.reset();
  c.over_duration = 1ms;
  c.alarm_critical = false;
  c.wait_for_primary = 0ms;
  holds({c,
         {status(0, {"OB", "OVER"}), act(step_kind::agent_cut), act(step_kind::bridge_dies),
          act(step_kind::broker_down), broker_up(false, false), act(step_kind::agent_back)}});
}

TEST_CASE("regression: on battery and a failed poll while the broker restarts with its topics") {
  // The oracle: the session's state of a failed poll, and the events it covered, counted as
  // hearing the UPS.
  auto c = config(1, {{"u1", 1}}, 1, 1000ms, 0ms);
  c.off_duration = 0ms;
  c.alarm_critical = false;
  c.wait_for_primary = 0ms;
  holds({c,
         {act(step_kind::broker_down), advance(1ms), status(0, {"OB"}), act(step_kind::ups_lost, 0),
          broker_up(true, false)}});
}

TEST_CASE("regression: OB LB again after an online moment the agent missed while down") {
  // The oracle: only the session's last state counted, so OB LB seemed to have lasted since
  // before the agent stopped; the agent counts it from when it learnt it.
  auto c = config(1, {{"u1", 1}}, 1, 1000ms, 0ms);
  c.off_duration = 0ms;
  c.oblb_duration = 1ms;
  c.alarm_critical = false;
  c.wait_for_primary = 0ms;
  holds({c,
         {status(0, {"OB", "LB", "CAL"}), act(step_kind::agent_stop), status(0, {"OL", "ALARM"}),
          status(0, {"OB", "LB"}), advance(1ms), act(step_kind::agent_start)}});
}

TEST_CASE("regression: a COMMBAD a newer state overtook does not bring its old status back") {
  // The agent: the COMMBAD and COMMOK the bridge had queued while the broker was away came
  // after the state saying OB LB CAL, and their status (OL) replaced it for the critical rules:
  // cut off from the broker a moment later, the agent never shut down.
  auto c = config(3, {{"u1", 0}, {"u2", 0}, {"u3", 1}, {"u4", 0}}, 1, 1000ms, 0ms);
  c.off_duration = 0ms;
  c.over_duration = 0ms;
  c.alarm_critical = false;
  c.wait_for_primary = 0ms;
  holds({c,
         {act(step_kind::broker_down), act(step_kind::ups_lost, 2), act(step_kind::ups_back, 2),
          status(2, {"OB", "LB", "CAL"}), broker_up(false, true), act(step_kind::agent_cut)}});
}

TEST_CASE("regression: a UPS on bypass is heard from its own news, not from another's") {
  // Simulation: after the broker came back empty, the bridge's first message made the oracle
  // take every UPS as heard; the agent (rightly) hears u2 only from news of u2, and judged it
  // silent for deadtime a moment before its state arrived.
  auto c = config(2, {{"u1", 1}, {"u2", 1}}, 1, 1000ms, 0ms);
  c.off_duration.reset();
  c.alarm_critical = false;
  c.wait_for_primary = 0ms;
  holds({c,
         {status(1, {"OL", "BYPASS"}), act(step_kind::broker_down), status(0, {"OB", "ALARM"}),
          act(step_kind::ups_lost, 0), advance(1000ms), broker_up(false, true)}});
}

TEST_CASE("regression: a state cleared before the agent restarted still counts as a loss") {
  // The agent: its state file kept the loss but not what caused it; restored as a loss of the
  // broker, the UPS's "online" availability ended it, and the UPS, last seen on battery with
  // no state since, was never judged silent.
  auto c = config(1, {{"u1", 1}}, 1, 1000ms, 0ms);
  c.off_duration.reset();
  c.alarm_critical = false;
  c.wait_for_primary = 0ms;
  holds({c,
         {status(0, {"OB", "CAL"}), act(step_kind::clear_state, 0), act(step_kind::agent_stop),
          act(step_kind::agent_start), advance(2000ms)}});
}
