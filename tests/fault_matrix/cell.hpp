#pragma once
// One cell of the fault matrix: a fault during a situation, played on a fresh lab, with the
// outcome the documentation promises for each agent. The cell is played step by step on the
// wall clock, then watched until `observe` seconds after its start; what each agent's shutdown
// command did (how often, when) is compared with the expectation.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fault_matrix/lab.hpp"
#include "fault_matrix/topology.hpp"

namespace nutmqtt::fault_matrix {

// The figures the cells' time bounds are made of. Each comes from the documentation
// (docs/events.md, docs/shutdown-agent.md's "Restarts and faults", docs/safe-shutdown.md's
// "When something dies first", the configuration references) and the settings of
// home_topology() (which redundant_topology() shares), in seconds.
namespace bound_terms {
inline constexpr double kDeadtime = 15;  // critical.deadtime
inline constexpr double kPowerOff = 20;  // AT ONBATT START-TIMER power-off, where a cell uses it
// A change of the UPS reaches the agents: dummy-ups applies an upsrw at the tick of its 1 s loop,
// and the bridge publishes it within one status_interval (0.5 s).
inline constexpr double kSee = 1.5;
// The bridge notices that upsd is gone: a closed connection at its next poll, a silent one
// after poll.timeout (2 s), plus one status_interval.
inline constexpr double kNutLost = 2.5;
// The broker gives up on a client it hears nothing from after 1.5 x keepalive (MQTT 3.1.1,
// 3.1.2.10), counted by mosquitto in whole seconds on a loop of its own (seen here: 8-9 s),
// and then publishes the client's last will.
inline constexpr double kBrokerNotices = 9;
// A client notices a broker it hears nothing from within about 2.5 x keepalive: Paho pings after
// one keepalive of silence and gives up when no answer came within another, checking once a
// second (seen here: 10-12.6 s).
inline constexpr double kClientNotices = 13;
// "Restored timers do not fire before the agent has connected and read the broker's retained
// state (5 s after connecting)."
inline constexpr double kHold = 5;
// A program with several brokers that lost the one in use tries it once more after the
// reconnect delay (0.5 s), which takes up to the connect timeout (10 s) on a host that does not
// answer, then the next broker at once (docs/shutdown-agent.md, "Several brokers (failover)").
inline constexpr double kReconnectDelay = 0.5;
inline constexpr double kConnectTimeout = 10;
// RestartSec of config/systemd/*.service: how long a killed daemon stays away.
inline constexpr double kSystemdRestart = 5;
// Added to every upper bound, with the agent's final_delay: processes and scripts starting
// (the CMDSCRIPT, its --fsd, the shutdown command) on a loaded 2-core machine.
inline constexpr double kSlack = 3;
}  // namespace bound_terms

// A time in a cell: `offset` seconds after the step named `step` happened ("start": the cell's
// start).
struct bound {
  std::string step = "start";
  double offset = 0;
};

struct expectation {
  bool shutdown = false;
  bound earliest;  // never before this
  bound latest;    // never after this + the agent's final_delay + kSlack
  std::string why;
  // The agent never loses the UPS during the cell: no COMMBAD (its CMDSCRIPT records them,
  // agent_spec::record_comm).
  bool no_commbad = false;
};

expectation no_shutdown(std::string why);
expectation shutdown_between(bound earliest, bound latest, std::string why);
// `e`, and no COMMBAD.
expectation without_commbad(expectation e);

// What a subscriber connecting at the end of the cell is handed on `topic` (the last message
// that crossed the broker on `host`; the topics checked are retained) is `value`.
struct retained_check {
  std::string host = "broker";
  std::string topic;
  std::string value;
};

struct step {
  std::string what;   // its name in the timeline ("OB", "kill bridge")
  std::string after;  // counted from this earlier step ("start" by default)
  double delay = 0;   // seconds after it
  std::function<void(lab&)> act;
  // When set, the step also waits (at most 30 s) until this holds, then acts.
  std::function<bool(lab&)> when;
};

struct cell {
  std::function<topology()> base = home_topology;
  std::function<void(topology&)> setup;  // changes to base()
  std::vector<step> steps;
  std::map<std::string, expectation> expect;  // per agent id; "upsmon": the NUT primary
  double observe = 30;                        // seconds after the start
  std::string ready_state = "On line power";  // every agent's state_text before the start
  // Services whose shutdown must come after every agent's (the NUT primary cuts the power last).
  std::vector<std::string> goes_last;
  // Retained topics as Home Assistant (or any subscriber) finds them once the cell is over.
  std::vector<retained_check> at_end;
  // Not empty: the cell reveals a bug in nutmqtt, described here; its test case is marked
  // doctest::should_fail() until the bug is fixed.
  std::string known_bug;
};

struct agent_outcome {
  std::string agent;
  bool expect_shutdown = false;
  double earliest = 0, latest = 0;  // seconds after the start
  std::vector<double> shutdowns;    // seconds after the start
  bool expect_no_commbad = false;
  std::vector<double> commbads;  // seconds after the start
  bool ok = false;
  std::string why;
};

struct check_outcome {
  std::string what;  // "ups/nas/availability online"
  std::string seen;  // the value found ("(nothing)" when none)
  bool ok = false;
};

struct cell_result {
  std::string fault, during;
  bool ok = false;
  std::string error;  // the cell could not be played (a setup failure, a step that timed out)
  std::string known_bug;
  std::vector<agent_outcome> agents;
  std::vector<check_outcome> checks;
  std::vector<std::pair<std::string, double>> timeline;  // step, seconds after the start
  double seconds = 0;                                    // wall time of the whole cell
};

// Judges one agent: `times` are the wall-clock times its shutdown command ran, `steps` the
// wall-clock times of the cell's steps, `final_delay` its own (seconds), `commbads` the
// wall-clock times its CMDSCRIPT was run for COMMBAD.
agent_outcome judge(const std::string& agent, const expectation& e,
                    const std::map<std::string, double>& steps, double final_delay,
                    const std::vector<double>& times, const std::vector<double>& commbads = {});
// Judges a retained topic's last value (nullopt: nothing was ever seen on it).
check_outcome judge(const retained_check& c, const std::optional<std::string>& seen);

// The first sanitizer report in the logs (*.log) under `dir` - a sanitizer build of the daemons
// - as "<file>: <line>", or "".
std::string sanitizer_report(const std::filesystem::path& dir);

// Plays the cell; never throws (what went wrong is in `error`).
cell_result play(const std::string& fault, const std::string& during, const cell& c);

// Short texts for the matrix.
std::string describe_expected(const cell_result& r);
std::string describe_observed(const cell_result& r);
std::string describe_times(const cell_result& r);

}  // namespace nutmqtt::fault_matrix
