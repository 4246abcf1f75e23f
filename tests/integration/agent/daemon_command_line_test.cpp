// Both daemons take the same command line (common/daemon): the same options, defaults, log
// level names and exit statuses.

#include <doctest/doctest.h>

#include "support/child_process.hpp"
#include "support/daemon_process.hpp"
#include "support/temp_dir.hpp"

using namespace nutmqtt::test;
using namespace std::chrono_literals;

namespace {

struct program {
  std::string name;
  std::string default_config;
  std::string valid_config;  // accepted by --check-config
};

std::vector<program> both_programs(const temp_dir& dir) {
  return {
      {"nutmqtt-bridge", "/etc/nutmqtt/bridge.yaml",
       dir.write("bridge.yaml", "nut:\n  - host: 127.0.0.1\n").string()},
      {"nutmqtt-shutdown-agent", "/etc/nutmqtt/shutdown-agent.yaml",
       dir.write("agent.yaml", "agent: { id: pi }\ncmdscript: /bin/true\n").string()},
  };
}

}  // namespace

TEST_CASE("both daemons: the same options and defaults in --help") {
  temp_dir dir;
  for (const auto& p : both_programs(dir)) {
    CAPTURE(p.name);
    auto r = run({program_path(p.name), "--help"}, 10s);
    CHECK(r.status == 0);
    for (const std::string option : {"--config", "--check-config", "--log-level", "--version"})
      CHECK(r.output.find(option) != std::string::npos);
    CHECK(r.output.find(p.default_config) != std::string::npos);
    CHECK(r.output.find("warning (or warn)") != std::string::npos);
  }
}

TEST_CASE("both daemons: a usage error exits 2") {
  temp_dir dir;
  for (const auto& p : both_programs(dir)) {
    CAPTURE(p.name);
    auto unknown = run({program_path(p.name), "--no-such-option"}, 10s);
    CHECK(unknown.status == 2);
    CHECK(unknown.output.find("--no-such-option") != std::string::npos);
    auto level = run({program_path(p.name), "-c", p.valid_config, "--log-level", "loud"}, 10s);
    CHECK(level.status == 2);
    CHECK(level.output.find("not a log level") != std::string::npos);
  }
}

TEST_CASE("both daemons: every log level name is accepted, warn among them") {
  temp_dir dir;
  for (const auto& p : both_programs(dir)) {
    for (const std::string name : {"trace", "debug", "info", "warning", "warn", "error", "off"}) {
      CAPTURE(p.name);
      CAPTURE(name);
      auto r = run(
          {program_path(p.name), "-c", p.valid_config, "--check-config", "--log-level", name}, 10s);
      CHECK(r.status == 0);
    }
    // The same names in the configuration's log.level.
    auto file =
        dir.write("warn-" + p.name + ".yaml", read_file(p.valid_config) + "log: { level: warn }\n");
    CHECK(run({program_path(p.name), "-c", file.string(), "--check-config"}, 10s).status == 0);
  }
}

TEST_CASE("both daemons: a configuration that cannot be read exits 2, naming the file") {
  temp_dir dir;
  for (const auto& p : both_programs(dir)) {
    CAPTURE(p.name);
    const auto missing = (dir / "none.yaml").string();
    auto r = run({program_path(p.name), "-c", missing}, 10s);
    CHECK(r.status == 2);
    CHECK(r.output.find("cannot open the configuration file") != std::string::npos);
    CHECK(r.output.find("problem(s) in " + missing) != std::string::npos);
  }
}
