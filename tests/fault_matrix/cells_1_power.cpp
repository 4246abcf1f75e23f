// The power itself: outages with everything working, and the NAS going away. Expectations come
// from docs/shutdown-agent.md (Rules, Critical rules, Shutdown), docs/safe-shutdown.md (with
// "When something dies first") and upsmon's rules (a UPS is critical with FSD, with OB and LB,
// or last seen OB and silent for DEADTIME).

#include "fault_matrix/cells_common.hpp"

using namespace nutmqtt::fault_matrix;
using namespace nutmqtt::fault_matrix::cells;

FAULT_CELL("outage shorter than the power-off timer / normal operation") {
  cell c;
  c.steps = {on_battery(), {"OL", "OB", 10, ups("OL CHRG"), {}}};
  c.expect = both_agents(no_shutdown(
      "ONLINE cancels the power-off timer (20 s) 10 s into the outage: nothing shuts down"));
  c.observe = kPowerOff + kSee + 5;
  check_cell(c);
}

FAULT_CELL("outage longer than the power-off timer / normal operation") {
  cell c;
  c.steps = {on_battery()};
  c.expect = both_agents(power_off_timer_shutdown(
      "power-off expires 20 s after ONBATT; its script calls --fsd; SHUTDOWN, final_delay, the "
      "command, once"));
  c.observe = kPowerOff + kSee + 8;
  check_cell(c);
}

FAULT_CELL("OB then LB / normal operation") {
  cell c;
  c.steps = {on_battery(), {"LB", "OB", 5, ups("OB LB DISCHRG"), {}}};
  c.expect = both_agents(shutdown_between(
      {"LB"}, {"LB", kSee},
      "OB and LB together are critical at once (and LOWBATT runs shutdowncritical): shutdown "
      "within final_delay of the bridge seeing LB, before the power-off timer"));
  c.observe = 15;
  check_cell(c);
}

FAULT_CELL("FSD set by a real upsmon primary / normal operation") {
  cell c;
  c.setup = [](topology& t) { t.host("nas").services.push_back(upsmon_primary_spec{}); };
  c.steps = {on_battery(),
             {"primary: upsmon -c fsd", "OB", 3, [](lab& l) { l.primary_fsd(); }, {}}};
  // The primary sets FSD within its 1 s poll; the bridge sees it within its next poll.
  auto agents = shutdown_between({"primary: upsmon -c fsd"}, {"primary: upsmon -c fsd", 1 + kSee},
                                 "FSD is critical at once: shutdown within final_delay of the "
                                 "bridge seeing FSD, long before the power-off timer");
  c.expect = both_agents(agents);
  // The bridge holds its LOGIN until the agents are offline or its hostsync (10 s) passed; the
  // primary waits for that, at most its own HOSTSYNC (15 s), then shuts down.
  // When the bridge lets go (the agents gone, or its hostsync) is its business: what matters is
  // that the NAS goes after every agent (goes_last), within its HOSTSYNC.
  c.expect["upsmon"] =
      shutdown_between({"primary: upsmon -c fsd"}, {"primary: upsmon -c fsd", 1 + 15},
                       "the NAS goes last, once the bridge released it");
  c.goes_last = {"upsmon"};
  c.observe = 3 + 1 + 15 + kSlack + 3;
  check_cell(c);
}

FAULT_CELL("upsd host dies (the NAS shuts itself down) / on line power") {
  cell c;
  c.setup = power_off_timer_far;
  c.steps = {{"NAS off", "start", 2, power_off("nas"), {}}};
  c.expect = both_agents(
      no_shutdown("COMMBAD; on line power nothing is critical (upsgone only warns after 30 s)"));
  c.observe = 2 + kNutLost + kDeadtime + 5;
  check_cell(c);
}

FAULT_CELL("upsd host dies (the NAS shuts itself down) / on battery") {
  cell c;
  c.setup = power_off_timer_far;
  c.steps = {on_battery(), {"NAS off", "OB", 3, power_off("nas"), {}}};
  c.expect = both_agents(shutdown_between(
      {"NAS off", kDeadtime - 0.5}, {"NAS off", kNutLost + kDeadtime},
      "last seen on battery and silent for deadtime (15 s): critical, shutdown (upsmon's rule; "
      "\"When something dies first\")"));
  c.observe = 3 + kNutLost + kDeadtime + kSlack + 5;
  check_cell(c);
}
