#pragma once
// Runs programs (CMDSCRIPT, the shutdown command) without a shell and without blocking the
// io_context: posix_spawn, output read line by line through a pipe, children reaped on SIGCHLD,
// a time limit after which the child's whole process group is killed.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

namespace nutmqtt::agent {

struct process_request {
  std::vector<std::string> argv;  // argv[0] is the program's absolute path
  std::vector<std::string> env;   // the complete environment, "NAME=value"
  std::optional<std::chrono::milliseconds> timeout;
};

struct process_result {
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it
  bool timed_out = false;
  std::string error;  // when it could not be started

  bool success() const { return error.empty() && signal == 0 && exit_code == 0; }
  // "exit status 0", "killed by signal 9 after the 60s time limit", ...
  std::string describe() const;
};

class process_runner {
 public:
  using line_handler = std::function<void(std::string_view line)>;
  using exit_handler = std::function<void(const process_result&)>;

  // Time a killed child gets between SIGTERM and SIGKILL.
  static constexpr std::chrono::seconds kKillGrace{2};
  // How long output may still arrive after the child exited (a background grandchild may hold
  // the pipe open for ever).
  static constexpr std::chrono::seconds kDrainTime{1};

  explicit process_runner(boost::asio::io_context& io);
  ~process_runner();
  process_runner(const process_runner&) = delete;
  process_runner& operator=(const process_runner&) = delete;

  // Starts the program; `on_line` gets each line it writes to stdout or stderr, `on_exit` its
  // end (also when it could not be started). Both run on the io thread. Returns the pid, or -1.
  pid_t start(process_request r, line_handler on_line, exit_handler on_exit);
  std::size_t running() const { return children_.size(); }
  // Stops watching; children keep running.
  void stop();

 private:
  struct child;
  void wait_signal();
  void reap();
  void arm_timeout(const std::shared_ptr<child>& c, std::chrono::milliseconds after, int sig);
  void read_output(const std::shared_ptr<child>& c);
  void finish(const std::shared_ptr<child>& c);

  boost::asio::io_context& io_;
  boost::asio::signal_set sigchld_;
  std::map<pid_t, std::shared_ptr<child>> children_;
  bool stopped_ = false;
};

// The current environment with `extra` set on top (replacing variables of the same name).
std::vector<std::string> environment_with(const std::vector<std::string>& extra);

}  // namespace nutmqtt::agent
