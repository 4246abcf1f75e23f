// nutmqtt-shutdown-agent: replaces upsmon + upssched on a host, driven by the bridge's MQTT.

#include <cstdlib>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <spdlog/spdlog.h>

#include "common/config_reader.hpp"
#include "common/daemon.hpp"
#include "common/logging.hpp"
#include "common/version.hpp"
#include "shutdown-agent/agent_app.hpp"
#include "shutdown-agent/agent_config.hpp"
#include "shutdown-agent/control_socket.hpp"
#include "shutdown-agent/processes/cmdscript.hpp"
#include "shutdown-agent/upsmon/upsmon_import.hpp"

namespace {

using namespace nutmqtt;

constexpr int kConfigError = common::kExitUsage;
constexpr int kRuntimeError = common::kExitFailure;

constexpr const char* kDefaultConfig = "/etc/nutmqtt/shutdown-agent.yaml";

struct options {
  common::daemon_options daemon;
  bool dry_run = false;
  bool fsd = false;
  bool list_timers = false;
  std::string import_upsmon;
  std::string import_upssched;
  bool config_given = false;  // -c on the command line, not the default
};

// Where --fsd and --list-timers find the running agent: -c FILE's control_socket, else the
// variable the agent sets for its scripts, else the default.
std::string control_socket_path(const options& o) {
  if (o.config_given) return agent::load_agent_config(o.daemon.config).control_socket;
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
  common::daemon_drain drain(io, "nutmqtt-shutdown-agent",
                             [&](std::function<void()> done) { app.stop(std::move(done)); });
  app.on_leave([&] { drain.request_stop("leaving after the shutdown command"); });
  try {
    app.start();
  } catch (const std::exception& e) {
    spdlog::error("cannot start: {}", e.what());
    return kRuntimeError;
  }
  return drain.run();
}

int run(const options& o) {
  if (!o.import_upsmon.empty()) return run_import(o);
  if (o.fsd) return run_fsd(o);
  if (o.list_timers) return run_list_timers(o);
  agent::agent_config config = agent::load_agent_config(o.daemon.config);
  if (o.daemon.check_config) {
    for (const auto& note : config.notes)
      std::cout << "# note: " << note << "\n";
    for (const auto& warning : config.warnings)
      std::cout << "# warning: " << warning << "\n";
    std::cout << agent::to_yaml(config) << "\n";
    return 0;
  }
  common::set_log_level(config.log.level);
  if (!o.daemon.log_level.empty())
    common::set_log_level(*common::parse_log_level(o.daemon.log_level));
  return run_daemon(std::move(config), o.dry_run);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "nutmqtt-shutdown-agent: upssched's timers and upsmon's critical rules, driven by "
      "the UPS events nutmqtt-bridge publishes on MQTT"};
  options o;
  common::add_daemon_options(cli, o.daemon, kDefaultConfig,
                             std::string("nutmqtt-shutdown-agent ") + nutmqtt::kVersion);
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
  if (auto status = common::parse_command_line(cli, argc, argv)) return *status;
  o.config_given = cli.count("--config") > 0;
  common::init_logging();
  if (!o.daemon.log_level.empty())
    common::set_log_level(*common::parse_log_level(o.daemon.log_level));
  try {
    return run(o);
  } catch (const common::config_error& e) {
    common::print_config_problems(e, o.daemon.config);
    return kConfigError;
  } catch (const std::exception& e) {
    std::cerr << "nutmqtt-shutdown-agent: " << e.what() << "\n";
    return kRuntimeError;
  }
}
