#pragma once
// Benchmark 3: the bridge watching N UPSes of nutmqtt-fake-upsd over 10 servers, with Home
// Assistant discovery on: time until everything is on the broker, steady-state messages per
// second, CPU and memory, and status-to-event latency.

#include <chrono>
#include <cstdint>
#include <vector>

#include "bench/results.hpp"

namespace nutmqtt::bench {

struct scale_options {
  std::vector<int> sizes = {10, 100, 1000};
  int servers = 10;
  std::chrono::milliseconds status_interval = std::chrono::seconds(1);
  std::chrono::milliseconds vars_interval = std::chrono::seconds(10);
  std::chrono::milliseconds start_limit = std::chrono::seconds(90);  // give up waiting then
  std::chrono::milliseconds settle = std::chrono::seconds(5);
  std::chrono::milliseconds window = std::chrono::seconds(15);
  int flips_per_size = 8;  // UPSes flipped to OB and back: twice as many events
  std::uint64_t seed = 1;
};

scale_result run_scale_bench(const scale_options& options);

}  // namespace nutmqtt::bench
