#pragma once
// Benchmark 6: the shutdown agent under an MQTT flood. The agent (`monitor: "*"`, the default,
// and `AT ONBATT * EXECUTE onbatt`) on a real mosquitto; the harness plays the bridge. First the
// real UPS's ONBATT alone, timed from its publish to the CMDSCRIPT; then, round after round,
// a flood of distinct made-up UPS ids (states, "offline" availabilities, events) published as
// fast as one QoS 1 client can, and the same ONBATT right after it. Measured: how late the
// agent acts, its memory, its CPU time over the flood, what its log gained, and how fast it
// stops on SIGTERM at the end.

#include <chrono>
#include <cstddef>

#include "bench/results.hpp"

namespace nutmqtt::bench {

struct agent_flood_options {
  int baseline_events = 5;
  int rounds = 3;
  int ids_per_round = 10000;  // each round's ids are new
  // The flood's publishes not yet acknowledged by the broker at a time (QoS 1).
  std::size_t in_flight = 64;
  // The target: every event acted on within this long, flood or not.
  std::chrono::milliseconds deadline = std::chrono::seconds(1);
  // How long to wait for the CMDSCRIPT before the event counts as not acted on.
  std::chrono::milliseconds patience = std::chrono::seconds(30);
};

agent_flood_result run_agent_flood_bench(const agent_flood_options& options);

}  // namespace nutmqtt::bench
