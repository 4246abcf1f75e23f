#include "common/daemon.hpp"

#include <atomic>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>
#include <utility>

#include <CLI/CLI.hpp>
#include <boost/asio/signal_set.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/config_reader.hpp"
#include "common/logging.hpp"

namespace nutmqtt::common {
namespace {

// Watches the drain from its own thread: the io_context's thread is the one that may be stuck.
class drain_watch {
 public:
  explicit drain_watch(boost::asio::io_context& io) : io_(io) {}
  drain_watch(const drain_watch&) = delete;
  drain_watch& operator=(const drain_watch&) = delete;
  ~drain_watch() {
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // From the io_context's thread, once the application has stopped.
  void start(const std::string& program) {
    thread_ = std::thread([this, program] {
      std::unique_lock lock(mutex_);
      if (changed_.wait_for(lock, kDrainLimit, [this] { return finished_; })) return;
      overran_ = true;
      spdlog::error(
          "{} did not drain: work still outstanding {} s after stopping (a bug: please "
          "report it); stopping anyway",
          program, kDrainLimit.count());
      io_.stop();
    });
  }
  bool overran() const { return overran_; }
  void mark_overran() { overran_ = true; }

 private:
  boost::asio::io_context& io_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool finished_ = false;
  std::atomic<bool> overran_ = false;  // the daemon was stopped before it drained
};

}  // namespace

void add_daemon_options(CLI::App& cli, daemon_options& options, std::string default_config,
                        const std::string& version_line) {
  options.config = std::move(default_config);
  cli.add_option("-c,--config", options.config, "configuration file (YAML)")->capture_default_str();
  cli.add_flag("--check-config", options.check_config,
               "validate the configuration, print it with secrets masked, and exit");
  cli.add_option("--log-level", options.log_level, log_level_names())
      ->check([](const std::string& name) {
        return parse_log_level(name) ? std::string() : "not a log level: " + log_level_names();
      });
  cli.set_version_flag("--version", version_line);
}

void print_config_problems(const config_error& e, const std::string& file) {
  for (const auto& p : e.problems())
    std::cerr << p.to_string() << '\n';
  std::cerr << e.problems().size() << " problem(s) in " << file << '\n';
}

std::optional<int> parse_command_line(CLI::App& cli, int argc, char** argv) {
  try {
    cli.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here too, as "errors" whose exit code is 0.
    return cli.exit(e) == 0 ? kExitOk : kExitUsage;
  }
}

struct daemon_drain::state {
  state(boost::asio::io_context& context, std::string name, stop_function stop_app)
      : io(context),
        program(std::move(name)),
        stop(std::move(stop_app)),
        watch(context),
        signals(context, SIGINT, SIGTERM) {}

  void wait_for_signal() {
    signals.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      if (stopping) {
        spdlog::warn("signal {} received again: stopping now", signal);
        watch.mark_overran();
        io.stop();
        return;
      }
      begin_stop(fmt::format("signal {} received", signal));
    });
  }

  void begin_stop(const std::string& why) {
    if (stopping) return;
    stopping = true;
    spdlog::info("{}: stopping", why);
    wait_for_signal();  // a second one stops at once
    stop([this] {
      signals.cancel();
      watch.start(program);
    });
  }

  boost::asio::io_context& io;
  std::string program;
  stop_function stop;
  drain_watch watch;
  boost::asio::signal_set signals;
  bool stopping = false;
};

daemon_drain::daemon_drain(boost::asio::io_context& io, std::string program, stop_function stop)
    : state_(std::make_unique<state>(io, std::move(program), std::move(stop))) {
  state_->wait_for_signal();
}

daemon_drain::~daemon_drain() = default;

void daemon_drain::request_stop(const std::string& why) {
  state_->begin_stop(why);
}

int daemon_drain::run() {
  state_->io.run();
  if (state_->watch.overran()) return kExitFailure;
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace nutmqtt::common
