#pragma once
// Event latency of the bridge alone: status flips that nutmqtt-fake-upsd serves the moment
// `upsrw` sets them, so that they fall at random moments of the bridge's poll cycle. dummy-ups,
// which the side-by-side benchmark uses, applies most changes only at the tick of its own
// one-second loop, and the bridge's fixed-rate poll keeps a nearly fixed phase to that tick.

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace nutmqtt::bench {

struct direct_latency_options {
  int rounds = 15;  // each flips the UPS to OB and back: two events
  std::uint64_t seed = 1;
};

// Seconds from each flip to its event on the broker (nullopt: never arrived), the bridge at its
// default intervals.
std::vector<std::optional<double>> run_direct_latency_bench(const direct_latency_options& options);

}  // namespace nutmqtt::bench
