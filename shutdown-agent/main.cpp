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
#include "shutdown-agent/upsmon_import.hpp"

namespace {

using namespace nutmqtt;

constexpr int kConfigError = 2;
constexpr int kRuntimeError = 1;

struct options {
  std::string config;
  bool check_config = false;
  bool dry_run = false;
  bool fsd = false;
  bool list_timers = false;
  std::string import_upsmon;
  std::string import_upssched;
  std::string log_level;
};

// Where --fsd and --list-timers find the running agent: -c FILE's control_socket, else the
// variable the agent sets for its scripts, else the default.
std::string control_socket_path(const options& o) {
  if (!o.config.empty()) return agent::load_agent_config(o.config).control_socket;
  if (const char* env = std::getenv(agent::kControlSocketEnv); env && *env) return env;
  return agent::kDefaultControlSocket;
}

int run_fsd(const options& o) {
  const std::string path = control_socket_path(o);
  try {
    std::string reply = agent::request_fsd(path);
    std::cout << reply << "\n";
    return reply.starts_with("OK") ? 0 : kRuntimeError;
  } catch (const std::exception& e) {
    std::cerr << "nutmqtt-shutdown-agent --fsd: " << e.what() << "\n";
    return kRuntimeError;
  }
}

// upssched -l: the lines after the agent's "OK", as upssched prints them.
int run_list_timers(const options& o) {
  const std::string path = control_socket_path(o);
  try {
    const std::string reply = agent::request_control(path, "LIST-TIMERS");
    const auto newline = reply.find('\n');
    if (reply.substr(0, newline) != "OK") {
      std::cerr << "nutmqtt-shutdown-agent --list-timers: the agent at " << path
                << " answered: " << reply << "\n";
      return kRuntimeError;
    }
    if (newline != std::string::npos) std::cout << reply.substr(newline + 1) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "nutmqtt-shutdown-agent --list-timers: " << e.what() << "\n";
    return kRuntimeError;
  }
}

int run_import(const options& o) {
  const auto upsmon = agent::read_upsmon_conf(o.import_upsmon);
  std::optional<agent::upssched_import> upssched;
  if (!o.import_upssched.empty()) upssched = agent::read_upssched_conf(o.import_upssched);
  const auto result =
      agent::import_upsmon(upsmon, upssched ? &*upssched : nullptr, o.import_upssched);
  if (!result.problems.empty()) {
    std::cerr << "cannot import:\n";
    for (const auto& p : result.problems)
      std::cerr << p.to_string() << "\n";
    return kConfigError;
  }
  for (const auto& w : result.warnings)
    std::cerr << "warning: " << w << "\n";
  std::cout << result.yaml;
  return 0;
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
  if (!o.import_upsmon.empty()) return run_import(o);
  if (o.fsd) return run_fsd(o);
  if (o.list_timers) return run_list_timers(o);
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
  cli.add_flag("--list-timers", o.list_timers,
               "list the running agent's timers, as `upssched -l` does: name, when it fires, "
               "seconds left, NOTIFYTYPE, UPSNAME, NOTIFYMSG");
  auto* import = cli.add_option("--import-upsmon", o.import_upsmon,
                                "print an agent configuration equivalent to this upsmon.conf, "
                                "and exit");
  cli.add_option("--upssched", o.import_upssched,
                 "with --import-upsmon: the upssched.conf whose CMDSCRIPT and AT lines to carry "
                 "over")
      ->needs(import);
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
