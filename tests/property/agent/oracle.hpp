#pragma once
// The reference the agent's decisions are checked against, written from NUT's documentation of
// upsmon (upsmon(8), upsmon.conf(5); the rules as the project's NUT reference states them) and
// from the agent's documented contract for what it can hear over MQTT (README "Behaviour" and
// "Restarts and faults") - never from the agent's code. Deliberately small and direct: a
// state per UPS and a few lines per rule, so that it can be read against the documents.
//
// upsmon's rules, as implemented here:
//   - a UPS is critical when FSD is set; when OB and LB are both set; or when its last known
//     status is OB and nothing has been heard from it for at least DEADTIME;
//   - only the current status counts (NUT 2.8.0's bug where one CAL made a UPS never critical
//     again is not copied: documented);
//   - each monitored UPS supplies its power value unless critical; a UPS never heard from
//     counts as supplying; with MONITOR "*" only UPSes heard of count, and with nothing heard
//     of at all there is nothing to judge;
//   - the host shuts down when the supplies fall below MINSUPPLIES, and also when asked to
//     (`upsmon -c fsd`, here `--fsd`); SHUTDOWNCMD runs FINALDELAY after SHUTDOWN, once.
// What "heard" means for the agent (README): the agent hears a UPS while it runs, is connected
// to the broker, the bridge publishing the UPS is alive and polls it, and its retained state
// is there. Silence is counted from when that stopped being so - but not from before the
// agent's own start: a UPS heard when the agent stopped is silent from the agent's restart.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "property/agent/scenario.hpp"
#include "shutdown-agent/notify_event.hpp"

namespace nutmqtt::agent::property {

class oracle {
 public:
  explicit oracle(const scenario_config& c) : config_(c) {}

  // The status the agent has been told for `ups` (live, or the retained one read at a connect).
  void told_status(int ups, const std::vector<std::string>& tokens);
  // Whether the agent can hear `ups` at `now` (see above).
  void hearing(int ups, bool can_hear, time_point now);
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
    bool heard_at_stop = false;  // heard when the agent stopped
  };
  int power_value(const std::string& id, bool& monitored) const;

  scenario_config config_;
  std::map<int, ups_view> ups_;
  bool fsd_requested_ = false;
};

}  // namespace nutmqtt::agent::property
