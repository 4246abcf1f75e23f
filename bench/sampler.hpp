#pragma once
// Samples the memory and CPU time of a few processes once per interval over a window.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "bench/results.hpp"

namespace nutmqtt::bench {

// One sample at the start and one per `interval` until `window` has passed; a process that is
// gone (or a pid < 1) gets no usage.
std::vector<named_usage> sample_processes(const std::vector<std::pair<std::string, pid_t>>& pids,
                                          std::chrono::milliseconds window,
                                          std::chrono::milliseconds interval);

}  // namespace nutmqtt::bench
