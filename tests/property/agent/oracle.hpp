#pragma once
// The reference the agent's decisions are checked against, written from NUT's documentation of
// upsmon (upsmon(8), upsmon.conf(5); the rules as the project's NUT reference states them) and
// from the agent's documented contract for what it can hear over MQTT (docs/shutdown-agent.md,
// "Behaviour" and "Restarts and faults") - never from the agent's code. Deliberately small and
// direct: a state per UPS and a few lines per rule, so that it can be read against the documents.
//
// upsmon's rules (upsmon.conf(5) of NUT 2.8.5 for DEADTIME, HOSTSYNC, OFFDURATION,
// OVERDURATION, OBLBDURATION, ALARMCRITICAL), as implemented here:
//   - FSD set: critical;
//   - OB and LB set (or OB and silent for DEADTIME: "assumed to have changed to a low battery
//     condition"): critical once that has lasted OBLBDURATION and, on a secondary, once
//     HOSTSYNC has passed since the UPS was last seen otherwise - unless it calibrates;
//   - a volatile status (CAL, BYPASS, ALARM with ALARMCRITICAL, OFF unless OFFDURATION is
//     negative) while communication fails: critical. upsmon's failed poll is the bridge saying
//     it cannot poll the UPS; a silence of the path to the bridge counts after DEADTIME
//     (docs/shutdown-agent.md, "Where the agent differs from upsmon");
//   - OVER while not communicating for OVERDURATION: critical;
//   - OFF for OFFDURATION: the UPS no longer feeds the host;
//   - durations count from when the agent was told (it cannot know better);
//   - only the current status counts (NUT 2.8.0's bug where one CAL made a UPS never critical
//     again is not copied: documented);
//   - each monitored UPS supplies its power value unless critical; a UPS never heard from
//     counts as supplying; with MONITOR "*" only UPSes heard of count, and with nothing heard
//     of at all there is nothing to judge;
//   - the host shuts down when the supplies fall below MINSUPPLIES, and also when asked to
//     (`upsmon -c fsd`, here `--fsd`); SHUTDOWNCMD runs FINALDELAY after SHUTDOWN, once.
// What "heard" means for the agent (docs/shutdown-agent.md): the agent hears a UPS while it runs,
// is connected to the broker, the bridge publishing the UPS is alive and polls it, and its retained
// state is there. Silence is counted from when that stopped being so - but not from before the
// agent's own start: a UPS heard when the agent stopped is silent from the agent's restart.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "property/agent/scenario.hpp"
#include "shutdown-agent/notify/notify_event.hpp"

namespace nutmqtt::agent::property {

class oracle {
 public:
  explicit oracle(const scenario_config& c) : config_(c) {}

  // The status the agent has been told for `ups` (live, or the retained one read at a connect).
  void told_status(int ups, const std::vector<std::string>& tokens, time_point now);
  // Whether the agent can hear `ups` at `now` (see above).
  void hearing(int ups, bool can_hear, time_point now);
  // Whether the bridge, heard by the agent, says it cannot poll `ups`.
  void failed_poll(int ups, bool failing, time_point now);
  void agent_stopped();
  void agent_started(time_point now);
  void fsd_requested() { fsd_requested_ = true; }

  bool critical(int ups, time_point now) const;
  bool shutdown_due(time_point now) const;
  // The next instant after `now` at which a verdict can change with nothing else happening
  // (a silent UPS on battery passing DEADTIME), if any.
  std::optional<time_point> next_change(time_point now) const;
  // The verdict in words, for a failure message.
  std::string explain(time_point now) const;

 private:
  struct ups_view {
    std::optional<std::vector<std::string>> status;  // nullopt: never heard of
    bool silent = false;
    time_point silent_since{};
    bool heard_at_stop = false;                    // heard when the agent stopped
    std::map<std::string, time_point> told_since;  // token -> since when the agent knows it
    std::optional<time_point> failing_since;       // failed poll
  };
  // The instants at which `u`'s verdict may change, time passing alone.
  std::vector<time_point> thresholds(const ups_view& u) const;
  int power_value(const std::string& id, bool& monitored) const;

  scenario_config config_;
  std::map<int, ups_view> ups_;
  bool fsd_requested_ = false;
};

}  // namespace nutmqtt::agent::property
