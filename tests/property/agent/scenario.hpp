#pragma once
// A generated scenario for the agent's decision logic: a configuration, and what happens in the
// world - UPS statuses, the bridge, the broker, the agent's own process - step by step. The
// simulation (simulation.hpp) turns each step into the MQTT messages the real bridge and broker
// would deliver, and the oracle (oracle.hpp) judges from the same steps what must happen.
//
// Every step is valid in every situation (one that does not apply changes nothing), so that
// RapidCheck can drop and shrink steps freely.

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "shutdown-agent/logic/rule.hpp"
#include "shutdown-agent/logic/supply_monitor.hpp"

namespace nutmqtt::agent::property {

using ms = std::chrono::milliseconds;

struct scenario_config {
  int ups_count = 1;                   // the bridge publishes UPSes u1..uN
  std::vector<monitor_entry> monitor;  // some of u1..uN and/or "*"
  int min_supplies = 1;
  ms deadtime{15000};
  ms final_delay{5000};
  std::optional<ms> off_duration = ms(30000);  // nullopt: never
  std::optional<ms> over_duration;             // nullopt: never
  ms oblb_duration{0};
  bool alarm_critical = true;
  ms wait_for_primary{0};
  std::vector<rule> rules;
};

enum class step_kind : std::uint8_t {
  advance,        // time passes
  status,         // UPS `ups` now reports `tokens`
  ups_lost,       // the bridge can no longer poll `ups` (upsd gone, DATA-STALE)
  ups_back,       // ... and now it can again
  bridge_dies,    // killed: the broker publishes its last will (offline)
  bridge_starts,  // a new run of the bridge (new boot, seq from 1), if it was dead
  broker_down,    // the broker stops: the bridge and the agent lose it
  broker_up,      // it is back; `flag`: it kept its retained topics and sessions
  agent_cut,      // the agent alone loses the broker (a network partition)
  agent_back,     // ... and reaches it again
  agent_stop,     // the agent's process is killed (it keeps what it saved in its state file)
  agent_start,    // ... and starts again
  fsd_request,    // nutmqtt-shutdown-agent --fsd
  clear_state,    // someone clears the UPS's retained state (an empty payload)
  sync_lost,      // the sync marker of the agent's next connect never comes back
};

// How the bridge's messages of one poll reach the agent.
struct delivery {
  bool events_first = false;     // events before the retained state (out of order)
  bool duplicate_event = false;  // a QoS 1 redelivery of each event
  bool repeat_state = false;     // the broker hands the retained state over again
};

struct step {
  step_kind kind = step_kind::advance;
  int ups = 0;                      // 0-based index into u1..uN
  std::vector<std::string> tokens;  // status
  ms duration{0};                   // advance
  bool flag = false;                // broker_up: persistence
  bool agent_first = false;         // broker_up: the agent reconnects before the bridge
  delivery how;                     // status, ups_back, bridge_starts
};

struct scenario {
  scenario_config config;
  std::vector<step> steps;
};

std::string ups_id(int index);  // "u1", ...

// Steps as a regression test writes them (and as showValue prints them).
step advance(ms d);
step status(int ups, std::vector<std::string> tokens, delivery how = {});
step act(step_kind kind, int ups = 0);
step broker_up(bool persistence, bool agent_first = false);

// How RapidCheck prints a counterexample, and how a regression test is written from one.
void showValue(const scenario_config& c, std::ostream& os);
void showValue(const step& s, std::ostream& os);
void showValue(const scenario& s, std::ostream& os);

}  // namespace nutmqtt::agent::property
