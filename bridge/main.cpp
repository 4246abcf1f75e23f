// nutmqtt-bridge: every UPS variable, status and event from NUT servers on MQTT.

#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <spdlog/spdlog.h>

#include "bridge/bridge_app.hpp"
#include "bridge/bridge_config.hpp"
#include "common/config_reader.hpp"
#include "common/daemon.hpp"
#include "common/logging.hpp"
#include "common/version.hpp"

int main(int argc, char** argv) {
  using namespace nutmqtt;
  CLI::App cli{"nutmqtt-bridge: publishes NUT UPS servers on MQTT", "nutmqtt-bridge"};
  common::daemon_options options;
  common::add_daemon_options(cli, options, "/etc/nutmqtt/bridge.yaml",
                             std::string("nutmqtt-bridge ") + kVersion);
  if (auto status = common::parse_command_line(cli, argc, argv)) return *status;

  common::init_logging();
  bridge::bridge_config config;
  try {
    config = bridge::load_bridge_config(options.config);
  } catch (const common::config_error& e) {
    common::print_config_problems(e, options.config);
    return common::kExitUsage;
  }
  if (options.check_config) {
    std::cout << "# " << options.config << ": configuration OK\n"
              << YAML::Dump(bridge::to_yaml(config)) << '\n';
    return common::kExitOk;
  }
  common::set_log_level(options.log_level.empty() ? config.log.level
                                                  : *common::parse_log_level(options.log_level));
  try {
    boost::asio::io_context io(1);
    bridge::bridge_app app(io, std::move(config));
    common::daemon_drain drain(io, "nutmqtt-bridge",
                               [&](std::function<void()> done) { app.stop(std::move(done)); });
    app.start();
    return drain.run();
  } catch (const std::exception& e) {
    spdlog::critical("nutmqtt-bridge failed: {}", e.what());
    return common::kExitFailure;
  }
}
