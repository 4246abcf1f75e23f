#pragma once
// Benchmarks 1 and 2: one real upsd + dummy-ups watched at the same time by
// (a) upsmon + upssched, (b) nutmqtt-bridge + nutmqtt-shutdown-agent, (c) mosquitto_sub on
// ups/+/event. First the footprint of (a) and (b) while nothing happens, then the status is
// flipped between OL and OB with upsrw at random intervals, and each watcher's sighting of
// each flip is timed.

#include <chrono>
#include <cstdint>

#include "bench/results.hpp"

namespace nutmqtt::bench {

struct latency_options {
  std::size_t flips = 40;  // even, so that the UPS ends on line power
  std::chrono::milliseconds footprint_window = std::chrono::seconds(60);
  // upsmon polls every 5 s: each state must last longer for upsmon to see every flip.
  std::chrono::milliseconds min_gap = std::chrono::milliseconds(5100);
  std::chrono::milliseconds max_gap = std::chrono::milliseconds(6300);
  std::uint64_t seed = 1;
};

latency_result run_latency_bench(const latency_options& options);

}  // namespace nutmqtt::bench
