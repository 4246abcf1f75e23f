#pragma once
// What each benchmark measured, as plain values for the report.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/proc_stats.hpp"
#include "bench/stats.hpp"

namespace nutmqtt::bench {

struct machine_info {
  unsigned cores = 0;
  std::string cpu_model;
  double load_average = 0;  // 1-minute, when the run started
  std::string date;
  std::string nutmqtt;
  std::string nut;
  std::string mosquitto;
  std::string kernel;
  bool quick = false;
};

struct named_usage {
  std::string name;
  std::optional<usage> measured;
};

// Seconds from a flip to a watcher's sighting of it (nullopt: not seen), per flip.
struct watcher_delays {
  std::vector<std::optional<double>> from_upsrw;    // from starting upsrw
  std::vector<std::optional<double>> from_visible;  // from upsd serving the new status
};

// 1. Event latency side by side, and 2. the footprint of the same processes before the flips.
struct latency_result {
  std::size_t flips = 0;
  watcher_delays upsmon;
  watcher_delays agent;
  watcher_delays mqtt;
  // (d) the bridge alone on nutmqtt-fake-upsd, which serves a change at once: from the flip.
  std::vector<std::optional<double>> direct_mqtt;
  std::optional<distribution> upsrw_seconds;    // how long upsrw itself took
  std::optional<distribution> visible_seconds;  // from starting upsrw to upsd serving the change
  std::vector<named_usage> footprint;
  std::vector<std::string> notes;
};

// 3. One point of the scale benchmark.
struct scale_point {
  int ups = 0;
  int servers = 0;
  std::size_t topics_expected = 0;
  std::size_t topics_seen = 0;
  std::size_t discovery_expected = 0;
  std::size_t discovery_seen = 0;
  std::optional<double> complete_seconds;  // start to the last expected topic on the broker
  double window_seconds = 0;
  double messages_per_second = 0;
  std::optional<usage> bridge;
  std::vector<std::optional<double>> event_latencies;  // seconds, per flip
};

struct scale_result {
  std::chrono::milliseconds status_interval{0};
  std::chrono::milliseconds vars_interval{0};
  std::vector<scale_point> points;
  std::vector<std::string> notes;
};

// 4. CPU time per poll.
struct poll_cost_result {
  int ups = 0;
  std::size_t variables = 0;  // per UPS, on average
  double window_seconds = 0;
  double idle_cpu_seconds = 0;  // the bridge polling almost nothing, over the same window
  std::uint64_t status_polls = 0;
  double status_cpu_seconds = 0;
  std::uint64_t var_polls = 0;
  double vars_cpu_seconds = 0;
  int shell_polls = 0;
  double shell_cpu_seconds = 0;
  std::vector<std::string> notes;
};

// 5. The bridge beside a hostile upsd, one row per scenario.
struct hostile_row {
  std::string scenario;
  double window_seconds = 0;
  double rss_mb = 0;                                     // VmRSS at the end
  double hwm_mb = 0;                                     // VmHWM at the end: the most it ever held
  std::vector<std::optional<double>> healthy_latencies;  // seconds per flip; nullopt: never seen
  std::uint64_t connects = 0;                            // to the hostile server
  std::size_t commbad = 0;      // COMMBAD events of the hostile server's UPSes
  std::size_t ups_watched = 0;  // UPSes of the hostile server in the info topic at the end
  std::size_t log_lines = 0;    // the bridge's log at info level
};

struct hostile_result {
  std::chrono::milliseconds status_interval{0};
  std::string bridge_program;
  std::vector<hostile_row> rows;
  std::vector<std::string> notes;
};

// 6. The shutdown agent under an MQTT flood of made-up UPS ids, one row per flood.
struct agent_flood_round {
  std::size_t ids = 0;          // distinct made-up UPS ids published
  double publish_seconds = 0;   // from the first publish to the last one acknowledged (QoS 1)
  std::optional<double> event;  // the real UPS's ONBATT published after it, to its CMDSCRIPT
  double cpu_seconds = 0;       // the agent's, from the flood's start until the event was acted on
  std::optional<memory_status> memory;  // the agent's, once the event was acted on
  std::size_t log_lines = 0;            // added to the agent's log (info level) by the round
  std::size_t log_bytes = 0;
  std::size_t made_up_scripts = 0;  // CMDSCRIPT runs for made-up ids (rules on "*")
};

struct agent_flood_result {
  std::size_t max_ups = 0;    // the agent's limits.max_ups
  std::size_t in_flight = 0;  // the flood's publishes unacknowledged at a time, at most
  std::chrono::milliseconds deadline{0};
  std::vector<std::optional<double>> baseline;  // the same event, no flood before it
  std::optional<memory_status> memory_before;   // after the baseline, before the first flood
  std::vector<agent_flood_round> rounds;
  // Warning and error lines added by the floods, by kind of problem (bench/flood_figures).
  std::map<std::string, std::size_t> problems;
  std::optional<double> stop_seconds;  // SIGTERM at the end to the agent's exit; nullopt: killed
  std::optional<int> exit_status;
  std::vector<std::string> notes;
};

}  // namespace nutmqtt::bench
