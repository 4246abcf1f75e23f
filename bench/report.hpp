#pragma once
// The Markdown report of a run: the machine and versions, each benchmark's table, and every
// target with its measured value and whether it was met. Pure: results in, text out.

#include <optional>
#include <string>
#include <vector>

#include "bench/results.hpp"

namespace nutmqtt::bench {

struct run_results {
  machine_info machine;
  std::optional<latency_result> latency;  // benchmarks 1 and 2
  std::optional<scale_result> scale;
  std::optional<poll_cost_result> poll_cost;
  std::optional<hostile_result> hostile;
  std::optional<agent_flood_result> agent_flood;
  std::vector<std::string> failures;  // benchmarks that could not run, and why
};

struct target_check {
  std::string target;
  std::string measured;
  bool met = false;
};

std::vector<target_check> check_targets(const run_results& r);
std::string render_report(const run_results& r);

}  // namespace nutmqtt::bench
