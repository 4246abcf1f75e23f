// The network failing between two hosts (the switch drops everything between their ports,
// silently), and the bridge host's clock being wrong. Expectations come from upsmon's DEADTIME
// rule, MQTT's keepalive (how long a silent peer takes to be noticed), the critical rules of
// docs/shutdown-agent.md ("nothing has been heard from it for deadtime (its availability offline,
// its bridge offline, ..., or the agent cut off from the broker)") and its "Verifying signed
// events".

#include <fmt/format.h>

#include "fault_matrix/cells_common.hpp"

using namespace nutmqtt::fault_matrix;
using namespace nutmqtt::fault_matrix::cells;

namespace {

// Long enough that each partition is noticed (the slowest: a client's 2 x keepalive) and then
// outlasts deadtime.
constexpr double kLongPartition = kClientNotices + kDeadtime + 5;
constexpr double kShortPartition = 10;

struct link {
  std::string a, b;
  double notices;                    // how long until the silence is noticed: the start of deadtime
  std::vector<std::string> cut_off;  // the agents that hear nothing while it lasts
};

// agent <-> broker: pi1 notices the broker gone within 2 x keepalive; pi2 is not affected.
const link kAgentBroker{"pi1", "broker", kClientNotices, {"pi1"}};
// bridge <-> broker: the broker gives up on the bridge after 1.5 x keepalive and publishes its
// last will.
const link kBridgeBroker{"bridge", "broker", kBrokerNotices, {"pi1", "pi2"}};
// bridge <-> upsd: the bridge's poll times out (2 s) and it publishes the UPS unavailable.
const link kBridgeUpsd{"bridge", "nas", kNutLost, {"pi1", "pi2"}};

std::vector<step> cut(const link& l, const std::string& after, double delay, double length) {
  const auto name = fmt::format("partition {} <-> {}", l.a, l.b);
  return {{name, after, delay, partition(l.a, l.b), {}},
          {"healed", name, length, heal(l.a, l.b), {}}};
}

cell partition_on_line(const link& l, double length) {
  cell c;
  c.setup = power_off_timer_far;
  c.steps = cut(l, "start", 2, length);
  c.expect = both_agents(no_shutdown("on line power nothing is critical"));
  c.observe = 2 + length + 8;
  return c;
}

cell partition_on_battery(const link& l, double length) {
  cell c;
  c.setup = power_off_timer_far;
  c.steps = {on_battery()};
  for (auto& s : cut(l, "OB", 3, length))
    c.steps.push_back(s);
  const auto start = fmt::format("partition {} <-> {}", l.a, l.b);
  const bool outlasts_deadtime = length > l.notices + kDeadtime;
  for (const auto* a : {"pi1", "pi2"}) {
    const bool cut_off = std::find(l.cut_off.begin(), l.cut_off.end(), a) != l.cut_off.end();
    if (cut_off && outlasts_deadtime) {
      c.expect[a] = shutdown_between(
          {start, kDeadtime - 0.5}, {start, l.notices + kDeadtime},
          "silent for longer than deadtime while on battery: critical (upsmon's rule)");
    } else if (cut_off) {
      c.expect[a] = no_shutdown(
          "silent for less than deadtime (15 s) once the partition is noticed: heard again in "
          "time, as upsmon would be, no shutdown");
    } else {
      c.expect[a] = no_shutdown("not cut off from anything");
    }
  }
  c.observe = 3 + std::max(length + 5, l.notices + kDeadtime + kSlack + 3);
  return c;
}

}  // namespace

FAULT_CELL("partition agent <-> broker healed after 10 s / on line power") {
  check_cell(partition_on_line(kAgentBroker, kShortPartition));
}
FAULT_CELL("partition agent <-> broker healed after 10 s / on battery") {
  check_cell(partition_on_battery(kAgentBroker, kShortPartition));
}
FAULT_CELL("partition agent <-> broker healed after deadtime / on line power") {
  check_cell(partition_on_line(kAgentBroker, kLongPartition));
}
FAULT_CELL("partition agent <-> broker healed after deadtime / on battery") {
  check_cell(partition_on_battery(kAgentBroker, kLongPartition));
}

FAULT_CELL("partition bridge <-> broker healed after 10 s / on line power") {
  check_cell(partition_on_line(kBridgeBroker, kShortPartition));
}
FAULT_CELL("partition bridge <-> broker healed after 10 s / on battery") {
  check_cell(partition_on_battery(kBridgeBroker, kShortPartition));
}
FAULT_CELL("partition bridge <-> broker healed after deadtime / on line power") {
  check_cell(partition_on_line(kBridgeBroker, kLongPartition));
}
FAULT_CELL("partition bridge <-> broker healed after deadtime / on battery") {
  check_cell(partition_on_battery(kBridgeBroker, kLongPartition));
}

FAULT_CELL("partition bridge <-> upsd healed after 10 s / on line power") {
  check_cell(partition_on_line(kBridgeUpsd, kShortPartition));
}
FAULT_CELL("partition bridge <-> upsd healed after 10 s / on battery") {
  check_cell(partition_on_battery(kBridgeUpsd, kShortPartition));
}
FAULT_CELL("partition bridge <-> upsd healed after deadtime / on line power") {
  check_cell(partition_on_line(kBridgeUpsd, kLongPartition));
}
FAULT_CELL("partition bridge <-> upsd healed after deadtime / on battery") {
  check_cell(partition_on_battery(kBridgeUpsd, kLongPartition));
}

// --- the bridge host's clock ---------------------------------------------------------------------
// libfaketime shifts the bridge's CLOCK_REALTIME (its monotonic clock, which its timers use, is
// left alone): network namespaces do not isolate the wall clock. Events and states are signed;
// the agents allow 30 s of skew (security.max_skew).

namespace {

void signed_bridge_clock(topology& t, const std::string& offset) {
  auto& b = t.get<bridge_spec>("bridge");
  b.sign = true;
  b.clock_offset = offset;
  for (const auto* a : t.all<agent_spec>())
    t.get<agent_spec>(a->id).verify = true;
}

cell clock_off(const std::string& offset) {
  cell c;
  c.setup = [offset](topology& t) { signed_bridge_clock(t, offset); };
  c.steps = {on_battery()};
  c.observe = kPowerOff + kSee + kSlack + 5;
  return c;
}

}  // namespace

FAULT_CELL("clock of the bridge host 20 s ahead (signed events) / on battery") {
  auto c = clock_off("+20s");
  c.expect = both_agents(power_off_timer_shutdown(
      "20 s is within max_skew (30 s): accepted; a bridge whose clock runs ahead counts as "
      "\"now\", so the timer runs its full 20 s"));
  check_cell(c);
}

FAULT_CELL("clock of the bridge host 20 s behind (signed events) / on battery") {
  auto c = clock_off("-20s");
  // The countdown is counted from the state's since.OB, which the slow clock puts up to 20 s
  // early ("This needs the bridge's and the agent's clocks to agree").
  c.expect = both_agents(shutdown_between(
      {"OB", kPowerOff - 20}, {"OB", kSee + kPowerOff},
      "20 s is within max_skew (30 s): accepted; the timer may count from the bridge's since, "
      "up to 20 s early"));
  check_cell(c);
}

FAULT_CELL("clock of the bridge host 2 min ahead (signed events) / on battery") {
  auto c = clock_off("+2m");
  c.ready_state = "Waiting for UPS data";
  c.expect = both_agents(no_shutdown(
      "every payload is more than max_skew (30 s) ahead of the agents' clocks: refused (and "
      "logged); the agents never learn of the outage"));
  check_cell(c);
}

FAULT_CELL("clock of the bridge host 2 min behind (signed events) / on battery") {
  auto c = clock_off("-2m");
  c.ready_state = "Waiting for UPS data";
  c.expect = both_agents(no_shutdown(
      "every payload is 2 min old, from a bridge run the agents never heard fresh: refused (and "
      "logged); the agents never learn of the outage"));
  check_cell(c);
}
