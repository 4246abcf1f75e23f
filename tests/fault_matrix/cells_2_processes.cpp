// Processes failing: the bridge, the broker, an agent - killed, stalled, restarted. Expectations
// come from docs/shutdown-agent.md ("Restarts and faults"), docs/safe-shutdown.md ("When
// something dies first"), the systemd units' RestartSec=5 and Debian's mosquitto unit) and upsmon's
// DEADTIME rule.

#include "fault_matrix/cells_common.hpp"

using namespace nutmqtt::fault_matrix;
using namespace nutmqtt::fault_matrix::cells;

namespace {

// A fault whose silence ends well within deadtime leaves the UPS on battery not critical.
const char* const kBackInTime =
    "COMMBAD, but heard again well within deadtime (15 s): not critical, no shutdown";

cell on_line(std::vector<step> fault, double observe) {
  cell c;
  c.setup = power_off_timer_far;
  c.steps = std::move(fault);
  c.expect = both_agents(no_shutdown("on line power nothing is critical"));
  c.observe = observe;
  return c;
}

cell on_battery_back_in_time(std::vector<step> fault, double observe) {
  cell c;
  c.setup = power_off_timer_far;
  c.steps = {on_battery()};
  c.steps.insert(c.steps.end(), fault.begin(), fault.end());
  c.expect = both_agents(no_shutdown(kBackInTime));
  c.observe = observe;
  return c;
}

cell mid_timer(std::vector<step> fault, const std::string& why) {
  cell c;
  c.steps = {on_battery()};
  c.steps.insert(c.steps.end(), fault.begin(), fault.end());
  c.expect = both_agents(power_off_timer_shutdown(why));
  c.observe = kPowerOff + kSee + kSlack + 5;
  return c;
}

// systemd (Restart=on-failure, RestartSec=5) brings a killed daemon back 5 s later.
std::vector<step> killed_and_restarted(const std::string& service, const std::string& after,
                                       double delay) {
  return {{"kill " + service, after, delay, kill(service), {}},
          {"systemd restarts " + service, "kill " + service, kSystemdRestart, start(service), {}}};
}

std::vector<step> stalled(const std::string& service, const std::string& after, double delay) {
  return {{"SIGSTOP " + service, after, delay, send(service, SIGSTOP), {}},
          {"SIGCONT " + service, "SIGSTOP " + service, 10, send(service, SIGCONT), {}}};
}

step restarted(const std::string& service, const std::string& after, double delay) {
  return {"restart " + service, after, delay, restart(service), {}};
}

void no_broker_persistence(topology& t) {
  power_off_timer_far(t);
  t.get<broker_spec>("mosquitto").persistence = false;
}

}  // namespace

// --- the bridge ---------------------------------------------------------------------------------

FAULT_CELL("bridge killed (SIGKILL) / on line power") {
  check_cell(on_line(killed_and_restarted("bridge", "start", 2), 2 + kDeadtime + 5));
}

FAULT_CELL("bridge killed (SIGKILL) / on battery") {
  check_cell(
      on_battery_back_in_time(killed_and_restarted("bridge", "OB", 3), 3 + kDeadtime + kSlack + 5));
}

FAULT_CELL("bridge killed (SIGKILL) / mid-timer") {
  check_cell(mid_timer(killed_and_restarted("bridge", "OB", 8),
                       "the timer goes on; the restarted bridge announces ONBATT again, which "
                       "the agents already know: the timer is not started again"));
}

FAULT_CELL("bridge stalled (SIGSTOP 10 s) / on line power") {
  check_cell(on_line(stalled("bridge", "start", 2), 2 + kBrokerNotices + kDeadtime + 3));
}

FAULT_CELL("bridge stalled (SIGSTOP 10 s) / on battery") {
  // The broker gives up on the silent bridge after 7.5 s and publishes its last will; 2.5 s
  // later it is back.
  check_cell(on_battery_back_in_time(stalled("bridge", "OB", 3),
                                     3 + kBrokerNotices + kDeadtime + kSlack + 3));
}

FAULT_CELL("bridge stalled (SIGSTOP 10 s) / mid-timer") {
  check_cell(mid_timer(stalled("bridge", "OB", 8),
                       "the agents' timer runs on its own while the bridge is silent"));
}

FAULT_CELL("bridge restarted / on line power") {
  check_cell(on_line({restarted("bridge", "start", 2)}, 2 + kDeadtime + 3));
}

FAULT_CELL("bridge restarted / on battery") {
  check_cell(on_battery_back_in_time({restarted("bridge", "OB", 3)}, 3 + kDeadtime + kSlack + 3));
}

FAULT_CELL("bridge restarted / mid-timer") {
  check_cell(mid_timer({restarted("bridge", "OB", 8)},
                       "the restarted bridge announces ONBATT again (new boot); the agents "
                       "already know it: the timer is not started again"));
}

FAULT_CELL("bridge host gone (killed for good) / on line power") {
  check_cell(on_line({{"kill bridge", "start", 2, kill("bridge"), {}}}, 2 + kDeadtime + 5));
}

FAULT_CELL("bridge host gone (killed for good) / on battery") {
  cell c;
  c.setup = power_off_timer_far;
  c.steps = {on_battery(), {"kill bridge", "OB", 3, kill("bridge"), {}}};
  // Its connection closes with it: the broker publishes its last will at once.
  c.expect = both_agents(
      shutdown_between({"kill bridge", kDeadtime - 0.5}, {"kill bridge", 0.5 + kDeadtime},
                       "the bridge's last will: COMMBAD; a UPS last seen on battery that stays "
                       "silent for deadtime is critical"));
  c.observe = 3 + kDeadtime + kSlack + 5;
  check_cell(c);
}

// --- the broker ---------------------------------------------------------------------------------
// mosquitto as Debian runs it: persistence on (saved when it stops, and every 30 minutes), and
// systemd restarting it at once when it dies (Restart=on-failure, default RestartSec 100 ms; 1 s
// here).

namespace {

std::vector<step> broker_killed(const std::string& after, double delay, double down = 1) {
  return {{"kill mosquitto", after, delay, kill("mosquitto"), {}},
          {"mosquitto back", "kill mosquitto", down, start("mosquitto"), {}}};
}

}  // namespace

FAULT_CELL("broker killed (SIGKILL) / on line power") {
  check_cell(on_line(broker_killed("start", 2), 2 + kDeadtime + 5));
}

FAULT_CELL("broker killed (SIGKILL) / on battery") {
  check_cell(on_battery_back_in_time(broker_killed("OB", 3), 3 + kDeadtime + kSlack + 5));
}

FAULT_CELL("broker killed (SIGKILL) / mid-timer") {
  check_cell(mid_timer(broker_killed("OB", 8),
                       "the timer runs in the agent; what the broker redelivers after its "
                       "restart is acted on once"));
}

FAULT_CELL("broker restarted with persistence / on line power") {
  check_cell(on_line({restarted("mosquitto", "start", 2)}, 2 + kDeadtime + 5));
}

FAULT_CELL("broker restarted with persistence / on battery") {
  check_cell(
      on_battery_back_in_time({restarted("mosquitto", "OB", 3)}, 3 + kDeadtime + kSlack + 5));
}

FAULT_CELL("broker restarted with persistence / mid-timer") {
  check_cell(mid_timer({restarted("mosquitto", "OB", 8)},
                       "the persistent sessions and retained topics come back with the broker; "
                       "what is delivered twice is acted on once"));
}

FAULT_CELL("broker restarted without persistence / on line power") {
  auto c = on_line({restarted("mosquitto", "start", 2)}, 2 + kDeadtime + 5);
  c.setup = no_broker_persistence;
  check_cell(c);
}

FAULT_CELL("broker restarted without persistence / on battery") {
  auto c = on_battery_back_in_time({restarted("mosquitto", "OB", 3)}, 3 + kDeadtime + kSlack + 5);
  c.setup = no_broker_persistence;
  check_cell(c);
}

FAULT_CELL("broker restarted without persistence / mid-timer") {
  auto c = mid_timer({restarted("mosquitto", "OB", 8)},
                     "the bridge publishes its retained topics again; the agents learn nothing "
                     "new from them and keep their timer");
  c.setup = [](topology& t) { t.get<broker_spec>("mosquitto").persistence = false; };
  check_cell(c);
}

FAULT_CELL("broker down longer than deadtime / on line power") {
  check_cell(on_line(broker_killed("start", 2, 25), 2 + 25 + 5));
}

FAULT_CELL("broker down longer than deadtime / on battery") {
  cell c;
  c.setup = power_off_timer_far;
  c.steps = {on_battery()};
  for (auto& s : broker_killed("OB", 3, 25))
    c.steps.push_back(s);
  // The agents see their connection close at once.
  c.expect = both_agents(shutdown_between(
      {"kill mosquitto", kDeadtime - 0.5}, {"kill mosquitto", kDeadtime},
      "cut off from the broker: a UPS on battery the agent cannot hear for deadtime is critical"));
  c.observe = 3 + 25 + 5;
  check_cell(c);
}

// --- an agent -----------------------------------------------------------------------------------

FAULT_CELL("agent killed and restarted / mid-timer") {
  cell c;
  c.steps = {on_battery()};
  for (auto& s : killed_and_restarted("pi1", "OB", 8))
    c.steps.push_back(s);
  // Restarted at 13 s, it holds its timers until it read the broker (5 s): 18 s, before the
  // timer's deadline (20 s).
  c.expect = both_agents(
      power_off_timer_shutdown("the restarted agent takes its timer back from its state file, "
                               "with its deadline; pi2 is not touched"));
  c.observe = kPowerOff + kSee + kSlack + 5;
  check_cell(c);
}

FAULT_CELL("agent killed and restarted / after SHUTDOWN began") {
  cell c;
  c.setup = [](topology& t) { t.get<agent_spec>("pi1").final_delay = "5s"; };
  // Killed once SHUTDOWN began and its shutdowncritical script (which called --fsd) is done:
  // a script still running would keep the control socket (see "while its CMDSCRIPT runs").
  const auto shutdown_began = [](lab& l) {
    const auto log = l.log("pi1");
    return log.find("\"action\":\"shutdown\"") != std::string::npos &&
           log.find("\"action\":\"script_finished\",\"argument\":\"shutdowncritical\"") !=
               std::string::npos;
  };
  c.steps = {
      on_battery(),
      {"LB", "OB", 3, ups("OB LB DISCHRG"), {}},
      {"kill pi1 in its final delay", "LB", 0, kill("pi1"), shutdown_began},
      {"systemd restarts pi1", "kill pi1 in its final delay", kSystemdRestart, start("pi1"), {}}};
  c.expect["pi1"] = shutdown_between(
      {"systemd restarts pi1"}, {"systemd restarts pi1", kHold},
      "killed before its final delay (5 s) ended, it never ran the command; restarted, it knows "
      "the UPS is OB LB (critical) and shuts down: the command runs exactly once");
  c.expect["pi2"] = shutdown_between({"LB"}, {"LB", kSee}, "OB LB is critical at once");
  c.observe = 3 + kSee + kSystemdRestart + kHold + 5 + kSlack + 3;
  check_cell(c);
}

// A CMDSCRIPT that takes its time (a notification waiting on a slow server) is still running
// when the agent is killed. The restarted agent must not be kept out by it: scripts inherit
// none of the agent's descriptors (this cell found that they kept its control socket and its
// MQTT connection, so that the restarted agent refused to start until the script ended).
FAULT_CELL("agent killed and restarted / while its CMDSCRIPT runs") {
  cell c;
  c.setup = [](topology& t) { t.get<agent_spec>("pi1").onbatt_seconds = 25; };
  c.steps = {on_battery()};
  for (auto& s : killed_and_restarted("pi1", "OB", 8))
    c.steps.push_back(s);
  c.expect = both_agents(power_off_timer_shutdown(
      "the restarted agent takes its timer back with its deadline (20 s), whatever scripts its "
      "predecessor left running"));
  c.observe = 25 + 2 * kSystemdRestart + kHold + kSlack + 5;
  check_cell(c);
}
