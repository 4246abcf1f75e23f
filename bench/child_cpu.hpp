#pragma once
// Runs a program to completion and returns the CPU time it and every process it waited for
// used (wait4's rusage), for measuring what a shell script costs.

#include <chrono>
#include <string>
#include <vector>

namespace nutmqtt::bench {

struct cpu_run {
  int status = -1;         // exit status, 128 + signal when killed
  double cpu_seconds = 0;  // user + system
};

// Killed (SIGKILL, with its process group) after `timeout` or on Ctrl-C (then `interrupted`
// is thrown). Throws std::runtime_error when it cannot be started.
cpu_run run_measuring_cpu(const std::vector<std::string>& argv, const std::string& log,
                          std::chrono::milliseconds timeout);

}  // namespace nutmqtt::bench
