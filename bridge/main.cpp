// nutmqtt-bridge: every UPS variable, status and event from NUT servers on MQTT.

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "bridge/bridge_app.hpp"
#include "bridge/bridge_config.hpp"
#include "common/config_reader.hpp"
#include "common/logging.hpp"
#include "common/version.hpp"

namespace {

constexpr int kConfigError = 2;
constexpr int kRuntimeError = 1;

}  // namespace

int main(int argc, char** argv) {
  using namespace nutmqtt;
  CLI::App cli{"nutmqtt-bridge: publishes NUT UPS servers on MQTT", "nutmqtt-bridge"};
  std::string config_file = "/etc/nutmqtt/bridge.yaml";
  std::string log_level;
  bool check_only = false;
  cli.add_option("-c,--config", config_file, "configuration file")->capture_default_str();
  cli.add_flag("--check-config", check_only,
               "validate the configuration, print it with secrets masked, and exit");
  cli.add_option("--log-level", log_level, "trace, debug, info, warning, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warning", "error", "off"}));
  cli.set_version_flag("--version", std::string("nutmqtt-bridge ") + kVersion);
  CLI11_PARSE(cli, argc, argv);

  common::init_logging();
  bridge::bridge_config config;
  try {
    config = bridge::load_bridge_config(config_file);
  } catch (const common::config_error& e) {
    for (const auto& p : e.problems())
      std::cerr << p.to_string() << '\n';
    std::cerr << e.problems().size() << " problem(s) in " << config_file << '\n';
    return kConfigError;
  }
  if (check_only) {
    std::cout << "# " << config_file << ": configuration OK\n"
              << YAML::Dump(bridge::to_yaml(config)) << '\n';
    return 0;
  }
  common::set_log_level(log_level.empty() ? config.log.level : *common::parse_log_level(log_level));
  try {
    boost::asio::io_context io(1);
    bridge::bridge_app app(io, std::move(config));
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      spdlog::info("signal {} received: going offline and stopping", sig);
      app.stop([&] { io.stop(); });
    });
    app.start();
    io.run();
    spdlog::info("stopped");
    return 0;
  } catch (const std::exception& e) {
    spdlog::critical("nutmqtt-bridge failed: {}", e.what());
    return kRuntimeError;
  }
}
