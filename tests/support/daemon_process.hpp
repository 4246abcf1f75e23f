#pragma once
// Runs one of our own programs (nutmqtt-bridge, nutmqtt-shutdown-agent) with a config file
// written into the test's directory.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::test {

// Full path of a program built by this project (build/bin/<name>).
std::string program_path(const std::string& name);

// What to do when a daemon stopped by a test did not drain (its log says work was still
// outstanding after it stopped: a component that does not cancel its own work). The tests'
// main fails the running test; the benchmarks leave it unset.
void on_undrained_daemon(std::function<void(const std::string& name)> report);

class daemon_process {
 public:
  // Writes `config` to <dir>/<name>.yaml and starts `program -c that-file args...`, logging at
  // debug level into <dir>/<name>.log.
  daemon_process(const temp_dir& dir, std::string name, std::string program, std::string config,
                 std::vector<std::string> args = {}, std::map<std::string, std::string> env = {});

  daemon_process(const daemon_process&) = delete;
  daemon_process& operator=(const daemon_process&) = delete;
  ~daemon_process();

  void start();
  // SIGTERM, then the exit status (-1 if it had to be killed).
  int stop();
  void restart() {
    stop();
    start();
  }
  child_process& process() { return *process_; }
  std::string log() const;
  // Waits until the log contains `text`.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout);
  std::size_t count_in_log(const std::string& text) const;
  // Waits until the log contains `text` at least `n` times.
  bool wait_for_log_count(const std::string& text, std::size_t n,
                          std::chrono::milliseconds timeout);

 private:
  const temp_dir& dir_;
  std::string name_;
  std::string program_;
  std::vector<std::string> args_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<child_process> process_;
  bool undrained_reported_ = false;
};

}  // namespace nutmqtt::test
