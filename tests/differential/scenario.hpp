#pragma once
// A differential scenario: the settings both sides share and the steps played on the UPS and
// on the processes around it. Generated from a seed by pure code, so that a seed names one
// scenario on every machine.

#include <cstdint>
#include <string>
#include <vector>

namespace nutmqtt::differential {

// Settings given to upsmon and to the agent alike (upsmon's name in the comment).
struct settings {
  int deadtime_s = 8;    // DEADTIME / critical.deadtime
  int hostsync_s = 3;    // HOSTSYNC / critical.wait_for_primary
  int finaldelay_s = 0;  // FINALDELAY / shutdown.final_delay
  int nocomm_s = 10;     // NOCOMMWARNTIME / the bridge's events.nocomm_interval
  int maxage_s = 5;      // upsd's MAXAGE: a stalled driver is DATA-STALE after this
};

enum class step_kind {
  status,        // the UPS reports `status` (upsrw), held `hold_s`
  driver_stall,  // dummy-ups stopped with SIGSTOP for `hold_s`, then SIGCONT
  driver_death,  // dummy-ups ended for `hold_s`, then started again
  upsd_stop,     // upsd stopped for `hold_s`, then upsd and its driver started again
  bridge_death,  // nutmqtt-bridge killed (SIGKILL) for `hold_s`; upsmon sees nothing of it
  broker_death,  // mosquitto stopped for `hold_s`; upsmon sees nothing of it
};

struct step {
  step_kind kind = step_kind::status;
  int hold_s = 3;
  // For status: the new ups.status. For bridge_death and broker_death: when not empty, the UPS
  // changes to it in the middle of the outage (the agent learns it only afterwards).
  std::string status;
};

struct scenario {
  std::uint64_t seed = 0;
  settings config;
  std::vector<step> steps;
};

// Every status is held at least this long, so that both sides (polling every second) see it.
inline constexpr int kMinHoldSeconds = 3;
// After a fault ends, everything is left alone this long before the next step.
// Longer than the comparison's settling time after a bridge or broker outage (4 s), so that
// the next step's events are compared again.
inline constexpr int kRecoverySeconds = 5;

scenario generate(std::uint64_t seed);

const char* name_of(step_kind k);
// One line per step, e.g. "status OB LB 4s", "driver_stall 9s".
std::string describe(const step& s);
std::string describe(const scenario& s);
// Seconds the steps take (recoveries included), without start-up and the final wait.
int planned_seconds(const scenario& s);
// The seconds to wait after the last step for a shutdown still to come: deadtime, hostsync,
// finaldelay and the polling slack.
int tail_seconds(const settings& s);

}  // namespace nutmqtt::differential
