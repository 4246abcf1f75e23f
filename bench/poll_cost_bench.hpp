#pragma once
// Benchmark 4: the bridge's CPU time per status poll and per full variable poll of one UPS, at
// poll counts the fake upsd counted, and the CPU time of the shell-out design (upsc, then
// mosquitto_pub, per poll) in the same run.

#include <chrono>
#include <cstdint>

#include "bench/results.hpp"

namespace nutmqtt::bench {

struct poll_cost_options {
  int servers = 10;
  int ups_per_server = 10;
  std::chrono::milliseconds settle = std::chrono::seconds(4);  // connect, first LIST VAR
  std::chrono::milliseconds window = std::chrono::seconds(10);
  int shell_polls = 40;
  std::uint64_t seed = 1;
};

poll_cost_result run_poll_cost_bench(const poll_cost_options& options);

}  // namespace nutmqtt::bench
