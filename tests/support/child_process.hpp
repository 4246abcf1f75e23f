#pragma once
// A process started by a test, ended only by its own pid.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace nutmqtt::test {

class child_process {
 public:
  child_process() = default;
  // Starts argv[0] (searched in PATH) with stdout and stderr appended to `log`, and the current
  // environment plus `env` (a value of "" removes the variable).
  child_process(std::vector<std::string> argv, std::filesystem::path log,
                std::map<std::string, std::string> env = {});
  ~child_process();
  child_process(child_process&& other) noexcept;
  child_process& operator=(child_process&& other) noexcept;
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig);
  // To the process and everything it started (it leads its own process group).
  void signal_group(int sig);
  // SIGTERM, then SIGKILL after `grace`. Returns the exit status (128+signal when killed).
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
  // Waits for the process to end by itself; nullopt on timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  const std::filesystem::path& log_path() const { return log_; }
  std::string log() const;
  // Once it has ended: the CPU time (user + system, seconds) it and the children it waited
  // for used.
  std::optional<double> cpu_seconds() const { return cpu_seconds_; }

 private:
  bool reap(bool block);
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::optional<double> cpu_seconds_;
  std::filesystem::path log_;
};

// Runs a command to completion (bounded by `timeout`); returns exit status and output.
struct run_result {
  int status = -1;
  std::string output;
};
run_result run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
               const std::map<std::string, std::string>& env = {});

}  // namespace nutmqtt::test
