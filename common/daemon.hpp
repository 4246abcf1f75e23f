#pragma once
// What both daemons' main() share: the command line every nutmqtt daemon accepts, the exit
// statuses, and running the io_context until a signal stops the daemon by draining it.
//
// The drain: a signal asks the application to stop; each component cancels or closes its own
// asynchronous work, the application publishes its goodbye, and io_context::run() returns by
// itself once the last handler has run. Nothing calls io_context::stop(), which would hide work
// still outstanding (a socket left open, a timer nobody cancelled) instead of finishing it.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>

namespace CLI {
class App;
}

namespace nutmqtt::common {

// Exit statuses, the same for both programs (and their man pages).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // a failure at run time
inline constexpr int kExitUsage = 2;    // a bad command line or configuration

struct daemon_options {
  std::string config;  // -c, --config
  bool check_config = false;
  std::string log_level;  // --log-level; empty: the configuration's `log.level`
};

// Adds the options every daemon has: -c/--config (default `default_config`), --check-config,
// --log-level (the names the configuration's `log.level` takes) and --version.
void add_daemon_options(CLI::App& cli, daemon_options& options, std::string default_config,
                        const std::string& version_line);

// Parses the command line. nullopt: carry on; otherwise the exit status to return at once:
// kExitOk after --help or --version, kExitUsage after a usage error (CLI11 printed why).
std::optional<int> parse_command_line(CLI::App& cli, int argc, char** argv);

class config_error;

// Prints every problem of a configuration, one per line (file:line:column: key: message), and
// how many there were in `file`.
void print_config_problems(const config_error& e, const std::string& file);

// How long work may stay outstanding after the application said it had stopped.
inline constexpr std::chrono::seconds kDrainLimit{3};

// Runs a daemon's io_context until it drains. SIGINT or SIGTERM, or the application itself
// through request_stop(), call `stop(done)`: the application cancels its work and calls `done`
// once its goodbye is out; run() then returns when nothing is left. A second signal, or work
// still outstanding kDrainLimit after `done` (a bug, logged as an error naming the daemon),
// stops the io_context at once: a host's shutdown never waits on a daemon.
using stop_function = std::function<void(std::function<void()> done)>;

class daemon_drain {
 public:
  daemon_drain(boost::asio::io_context& io, std::string program, stop_function stop);
  ~daemon_drain();
  daemon_drain(const daemon_drain&) = delete;
  daemon_drain& operator=(const daemon_drain&) = delete;

  // Stops as a signal would: the application has decided to leave (on the io thread).
  void request_stop(const std::string& why);
  // Returns kExitOk after a clean drain, kExitFailure otherwise.
  int run();

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace nutmqtt::common
