// nutmqtt-shutdown-agent: replaces upsmon + upssched on a host, driven by the bridge's MQTT.

#include <cstdlib>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "common/config_reader.hpp"
#include "common/logging.hpp"
#include "common/version.hpp"
#include "shutdown-agent/agent_app.hpp"
#include "shutdown-agent/agent_config.hpp"
#include "shutdown-agent/cmdscript.hpp"
#include "shutdown-agent/control_socket.hpp"

namespace {

using namespace nutmqtt;

constexpr int kConfigError = 2;
constexpr int kRuntimeError = 1;

struct options {
  std::string config;
  bool check_config = false;
  bool dry_run = false;
  bool fsd = false;
  std::string log_level;
};

// Where --fsd finds the running agent: -c FILE's control_socket, else the variable the agent
// sets for its scripts, else the default.
int run_fsd(const options& o) {
  std::string path = agent::kDefaultControlSocket;
  if (!o.config.empty()) {
    path = agent::load_agent_config(o.config).control_socket;
  } else if (const char* env = std::getenv(agent::kControlSocketEnv); env && *env) {
    path = env;
  }
  try {
    std::string reply = agent::request_fsd(path);
    std::cout << reply << "\n";
    return reply.starts_with("OK") ? 0 : kRuntimeError;
  } catch (const std::exception& e) {
    std::cerr << "nutmqtt-shutdown-agent --fsd: " << e.what() << "\n";
    return kRuntimeError;
  }
}

int run_daemon(agent::agent_config config, bool dry_run) {
  boost::asio::io_context io(1);
  agent::agent_app app(io, std::move(config), dry_run);
  try {
    app.start();
  } catch (const std::exception& e) {
    spdlog::error("cannot start: {}", e.what());
    return kRuntimeError;
  }
  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("received signal {}; stopping", sig);
    app.stop([&io] { io.stop(); });
  });
  io.run();
  spdlog::info("stopped");
  return 0;
}

int run(const options& o) {
  if (o.fsd) return run_fsd(o);
  if (o.config.empty()) {
    std::cerr << "nutmqtt-shutdown-agent: -c FILE is required (see --help)\n";
    return kConfigError;
  }
  agent::agent_config config = agent::load_agent_config(o.config);
  if (o.check_config) {
    for (const auto& note : config.notes)
      std::cout << "# note: " << note << "\n";
    for (const auto& warning : config.warnings)
      std::cout << "# warning: " << warning << "\n";
    std::cout << agent::to_yaml(config) << "\n";
    return 0;
  }
  common::set_log_level(config.log.level);
  if (!o.log_level.empty()) common::set_log_level(*common::parse_log_level(o.log_level));
  return run_daemon(std::move(config), o.dry_run);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "nutmqtt-shutdown-agent: upssched's timers and upsmon's critical rules, driven by "
      "the UPS events nutmqtt-bridge publishes on MQTT"};
  options o;
  cli.add_option("-c,--config", o.config, "configuration file (YAML)");
  cli.add_flag("--check-config", o.check_config,
               "validate the configuration, print it with secrets masked, and exit");
  cli.add_flag("--dry-run", o.dry_run,
               "log and publish what would run; run no script, no shutdown");
  cli.add_flag("--fsd", o.fsd,
               "ask the running agent to shut this host down now (replaces `upsmon -c fsd`)");
  cli.add_option("--log-level", o.log_level, "trace, debug, info, warning, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warning", "warn", "error", "off"}));
  cli.set_version_flag("--version", std::string("nutmqtt-shutdown-agent ") + nutmqtt::kVersion);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : kConfigError;
  }
  common::init_logging();
  if (!o.log_level.empty()) common::set_log_level(*common::parse_log_level(o.log_level));
  try {
    return run(o);
  } catch (const common::config_error& e) {
    std::cerr << "configuration errors:\n" << e.what() << "\n";
    return kConfigError;
  } catch (const std::exception& e) {
    std::cerr << "nutmqtt-shutdown-agent: " << e.what() << "\n";
    return kRuntimeError;
  }
}
