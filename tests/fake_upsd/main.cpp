// nutmqtt-fake-upsd: serves N generated (or .dev) UPSes over S ports for benchmarks, and
// misbehaves on request. Prints "LISTEN <address>:<port> ups=<first>..<last>" per server once
// listening, then runs until SIGTERM or SIGINT.

#include <csignal>
#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "common/logging.hpp"
#include "fake_upsd/asio.hpp"
#include "fake_upsd/cli_options.hpp"
#include "fake_upsd/fake_upsd.hpp"

namespace {

constexpr int kExitConfig = 2;
constexpr int kExitRuntime = 1;

int serve(nutmqtt::fake_upsd::fake_upsd_options options,
          const std::vector<nutmqtt::fake_upsd::server_plan>& plans) {
  nutmqtt::fake_upsd::fake_upsd fake(std::move(options));
  for (std::size_t i = 0; i < fake.server_count(); ++i) {
    std::cout << "LISTEN " << fake.server(i).address() << " ups=" << plans[i].first_ups << ".."
              << plans[i].last_ups << "\n";
  }
  // The harness reads these lines to know where to connect: they must not wait in a buffer.
  std::cout.flush();

  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code& ec, int signal) {
    if (!ec) spdlog::info("fake upsd: signal {}, stopping", signal);
  });
  io.run();
  fake.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  nutmqtt::common::init_logging();
  CLI::App app("A fake NUT upsd for tests and benchmarks", "nutmqtt-fake-upsd");
  nutmqtt::fake_upsd::cli_settings settings;
  nutmqtt::fake_upsd::add_cli_options(app, settings);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return e.get_exit_code() == 0 ? app.exit(e) : (app.exit(e), kExitConfig);
  }
  auto level = nutmqtt::common::parse_log_level(settings.log_level);
  if (!level) {
    std::cerr << "--log-level '" << settings.log_level << "' is not a log level\n";
    return kExitConfig;
  }
  nutmqtt::common::set_log_level(*level);

  std::vector<nutmqtt::fake_upsd::server_plan> plans;
  nutmqtt::fake_upsd::fake_upsd_options options;
  try {
    options = nutmqtt::fake_upsd::build_options(settings, plans);
  } catch (const std::invalid_argument& e) {
    std::cerr << "nutmqtt-fake-upsd: " << e.what() << "\n";
    return kExitConfig;
  }
  try {
    return serve(std::move(options), plans);
  } catch (const std::exception& e) {
    std::cerr << "nutmqtt-fake-upsd: " << e.what() << "\n";
    return kExitRuntime;
  }
}
