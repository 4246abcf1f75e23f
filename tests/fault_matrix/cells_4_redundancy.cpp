// Two brokers, two bridges (redundant_topology()): broker 1 and broker 2 joined by mosquitto's
// bridge, bridges A (nas-bridge-a, on broker 1) and B (nas-bridge-b, on broker 2) polling the same
// UPS and publishing it under the same id, pi1 on broker 1 and pi2 on broker 2, each with both
// URLs. Expectations come from docs/larger-sites.md ("Broker redundancy", "Two bridges for the
// same UPS"), docs/shutdown-agent.md ("Several brokers (failover)", COMMBAD / COMMOK) and
// upsmon's rules: an agent loses a UPS (COMMBAD, and on battery deadtime counts) only when no
// bridge hears it, or when the agent itself is cut off from every broker.

#include <fmt/format.h>

#include "fault_matrix/cells_common.hpp"

using namespace nutmqtt::fault_matrix;
using namespace nutmqtt::fault_matrix::cells;

namespace {

// The UPS's aggregate availability, and whether each bridge polls it. Home Assistant shows the
// UPS once per bridge, each available while that bridge runs (_bridge/<id>/availability) and
// the aggregate says online (docs/larger-sites.md, "Two bridges for the same UPS").
const std::string kAvailability = std::string(kBaseTopic) + "/nas/availability";
const std::string kPollsA = kAvailability + "/nas-bridge-a";
const std::string kPollsB = kAvailability + "/nas-bridge-b";
const std::string kRunsA = std::string(kBaseTopic) + "/_bridge/nas-bridge-a/availability";
const std::string kRunsB = std::string(kBaseTopic) + "/_bridge/nas-bridge-b/availability";

cell redundant(std::vector<step> steps, std::map<std::string, expectation> expect, double observe,
               bool timer_far) {
  cell c;
  c.base = redundant_topology;
  if (timer_far) c.setup = power_off_timer_far;
  c.steps = std::move(steps);
  c.expect = std::move(expect);
  c.observe = observe;
  return c;
}

std::vector<step> after_ob(std::vector<step> fault) {
  std::vector<step> out = {on_battery()};
  out.insert(out.end(), fault.begin(), fault.end());
  return out;
}

// pi1 is on broker 1 and may lose it with the broker (COMMBAD, then heard again on the other
// broker); pi2, on broker 2 with bridge B, hears bridge B throughout.
std::map<std::string, expectation> pi2_undisturbed(const expectation& e) {
  return {{"pi1", e}, {"pi2", without_commbad(e)}};
}

std::vector<step> broker1_killed(const std::string& after, double delay) {
  return {{"kill mosquitto", after, delay, kill("mosquitto"), {}},
          {"mosquitto back", "kill mosquitto", 1, start("mosquitto"), {}}};
}

const char* const kFailsOver =
    "COMMBAD for pi1 at most: bridge A and pi1 go on to broker 2 (or back to broker 1) within "
    "a second, well within deadtime; pi2 hears bridge B throughout";

}  // namespace

// --- broker 1 of the two killed, back 1 s later
// ---------------------------------------------------

FAULT_CELL("broker 1 of 2 killed (SIGKILL) / on line power") {
  check_cell(redundant(broker1_killed("start", 2),
                       pi2_undisturbed(no_shutdown("on line power nothing is critical")),
                       2 + kDeadtime + 5, true));
}

FAULT_CELL("broker 1 of 2 killed (SIGKILL) / on battery") {
  check_cell(redundant(after_ob(broker1_killed("OB", 3)), pi2_undisturbed(no_shutdown(kFailsOver)),
                       3 + kDeadtime + kSlack + 5, true));
}

FAULT_CELL("broker 1 of 2 killed (SIGKILL) / mid-timer") {
  check_cell(redundant(after_ob(broker1_killed("OB", 8)),
                       pi2_undisturbed(power_off_timer_shutdown(
                           "the timer runs in the agent, whichever broker it is on: it fires "
                           "once, at its time")),
                       kPowerOff + kSee + kSlack + 5, false));
}

// --- broker 1 cut off from every host (its host's cable pulled, the broker still running) -----
// Bridge A and pi1 notice the silent broker within about 2.5 x keepalive, try it once more (the
// connect times out after 10 s), then go to broker 2. Its last wills for them stay on broker 1.

namespace {

// How long after the cut bridge A and pi1 are on broker 2 at the latest.
constexpr double kFailover = kClientNotices + kReconnectDelay + kConnectTimeout;

bool on_broker2(lab& l, const std::string& service) {
  return l.log(service).find(fmt::format("connected to the MQTT broker at tcp://{}:{}",
                                         l.spec().address_of("broker2"), kMqttPort)) !=
         std::string::npos;
}

}  // namespace

FAULT_CELL("broker 1 of 2 partitioned from every host / then an outage longer than the timer") {
  // The outage begins once bridge A and pi1 are on broker 2 and pi1 has read it (kHold): the
  // outage is then seen through broker 2 alone.
  auto c = redundant(
      {{"cut off broker", "start", 2, cut_off("broker"), {}},
       {"bridge A and pi1 on broker 2", "cut off broker", kClientNotices, [](lab&) {},
        [](lab& l) { return on_broker2(l, "bridge") && on_broker2(l, "pi1"); }},
       {"OB", "bridge A and pi1 on broker 2", kHold + 0.5, ups("OB DISCHRG"), {}}},
      pi2_undisturbed(power_off_timer_shutdown(
          "after the failover the outage reaches pi1 through broker 2: the power-off timer "
          "(20 s) runs its course, once")),
      2 + kFailover + kSlack + kHold + 0.5 + kPowerOff + kSee + kSlack + 3, false);
  check_cell(c);
}

FAULT_CELL("broker 1 of 2 partitioned from every host / mid-timer") {
  // pi1 notices the loss 10-13 s after the cut (18-21 s), and connects nowhere before its retry
  // of broker 1 times out: the timer comes due while it is cut off, and fires there.
  check_cell(redundant(after_ob({{"cut off broker", "OB", 8, cut_off("broker"), {}}}),
                       pi2_undisturbed(power_off_timer_shutdown(
                           "the timer runs in the agent, cut off or not: it fires once, at its "
                           "time")),
                       kPowerOff + kSee + kSlack + 5, false));
}

// --- bridge A lost while bridge B still polls the UPS --------------------------------------------

FAULT_CELL("bridge A of 2 killed for good / on battery") {
  // Its connection closes with it: broker 1 publishes its last will at once. A UPS that an
  // online bridge still hears is not lost: no COMMBAD, so no deadtime runs (watched for longer
  // than deadtime all the same).
  auto c = redundant(after_ob({{"kill bridge", "OB", 3, kill("bridge"), {}}}),
                     both_agents(without_commbad(
                         no_shutdown("bridge B still polls the UPS: it is heard, not lost"))),
                     3 + kDeadtime + kSlack + 2, true);
  // Home Assistant: bridge B's device still available, bridge A's not.
  c.at_end = {{"broker", kAvailability, "online"},
              {"broker", kRunsB, "online"},
              {"broker", kRunsA, "offline"}};
  check_cell(c);
}

FAULT_CELL("bridge A of 2 killed for good / mid-timer") {
  check_cell(redundant(after_ob({{"kill bridge", "OB", 8, kill("bridge"), {}}}),
                       both_agents(without_commbad(power_off_timer_shutdown(
                           "bridge B still polls the UPS: nothing is lost, the timer fires "
                           "once, at its time"))),
                       kPowerOff + kSee + kSlack + 5, false));
}

FAULT_CELL("partition bridge A of 2 <-> upsd / on battery") {
  // Bridge A's poll times out (kNutLost) and it says so for itself; bridge B still polls.
  auto c = redundant(
      after_ob({{"partition bridge <-> nas", "OB", 3, partition("bridge", "nas"), {}}}),
      both_agents(
          without_commbad(no_shutdown("bridge B still polls the UPS: it is heard, not lost"))),
      3 + kNutLost + kDeadtime + kSlack + 2, true);
  c.at_end = {{"broker", kAvailability, "online"},
              {"broker", kPollsA, "offline"},
              {"broker", kPollsB, "online"}};
  check_cell(c);
}

// --- both bridges lost
// ----------------------------------------------------------------------------

FAULT_CELL("both bridges of 2 killed for good (2 s apart) / on battery") {
  // The second last will tells the agents that no bridge hears the UPS any more (COMMBAD), the
  // first alone must not: deadtime counts from the second.
  auto c = redundant(after_ob({{"kill bridge", "OB", 3, kill("bridge"), {}},
                               {"kill bridge2", "kill bridge", 2, kill("bridge2"), {}}}),
                     both_agents(shutdown_between(
                         {"kill bridge2", kDeadtime - 0.5}, {"kill bridge2", 0.5 + kDeadtime},
                         "no bridge hears the UPS, last seen on battery: critical deadtime "
                         "(15 s) after the second bridge was lost (upsmon's rule)")),
                     5 + kDeadtime + kSlack + 3, true);
  // Home Assistant: both devices unavailable, their bridges gone (whatever the aggregate last
  // said: no bridge is left to update it).
  c.at_end = {{"broker", kRunsA, "offline"}, {"broker", kRunsB, "offline"}};
  check_cell(c);
}

// --- the link between the brokers ----------------------------------------------------------------
// Each side keeps a bridge and an agent: pi1 hears bridge A on broker 1, pi2 bridge B on broker 2.

FAULT_CELL("partition broker 1 of 2 <-> broker 2 / on battery") {
  // Both brokers notice the silent link within 2.5 x keepalive (5 s, as every client's).
  check_cell(redundant(
      after_ob({{"partition broker <-> broker2", "OB", 3, partition("broker", "broker2"), {}}}),
      both_agents(without_commbad(
          no_shutdown("each agent still hears a bridge on its own broker: nothing is lost"))),
      3 + kClientNotices + kDeadtime + kSlack + 2, true));
}

FAULT_CELL("partition broker 1 of 2 <-> broker 2 / mid-timer") {
  check_cell(redundant(
      after_ob({{"partition broker <-> broker2", "OB", 8, partition("broker", "broker2"), {}}}),
      both_agents(without_commbad(power_off_timer_shutdown(
          "each agent still hears a bridge on its own broker: the timer fires once, at its "
          "time"))),
      kPowerOff + kSee + kSlack + 5, false));
}
