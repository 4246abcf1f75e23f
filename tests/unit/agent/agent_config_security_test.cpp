// The agent's configuration: signed payloads, Home Assistant, the state file and the timers
// that lead to a shutdown.

#include <doctest/doctest.h>

#include "shutdown-agent/agent_config.hpp"
#include "support/temp_dir.hpp"

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct parsed {
  agent_config config;
  std::vector<common::config_problem> problems;
};

parsed parse(const std::string& text) {
  common::config_source src("agent.yaml");
  auto root = src.load_string(text);
  parsed p{read_agent_config(src, root), src.problems()};
  return p;
}

std::string all_problems(const parsed& p) {
  std::string out;
  for (const auto& problem : p.problems)
    out += problem.to_string() + "\n";
  return out;
}

constexpr const char* kKey = "0123456789abcdef0123456789abcdef\n";

}  // namespace

TEST_CASE("security: a private key file turns signature checks on") {
  test::temp_dir dir;
  auto key = dir.write("verify.key", kKey);
  auto p = parse("security: { verify_key_file: " + key.string() + ", max_skew: 10s }\n");
  CHECK_MESSAGE(p.problems.empty(), all_problems(p));
  CHECK(p.config.security.key.reveal() == "0123456789abcdef0123456789abcdef");
  CHECK(p.config.security.max_skew == 10s);
  CHECK(p.config.verify_key_file == key.string());
  YAML::Emitter out;
  out << to_yaml(p.config);
  std::string text = out.c_str();
  CHECK(text.find("verify_key_file: " + key.string()) != std::string::npos);
  CHECK(text.find("0123456789abcdef") == std::string::npos);
  CHECK(parse("").config.security.key.empty());
}

TEST_CASE("security: a key others may read, a missing or short key is a config problem") {
  test::temp_dir dir;
  auto readable = dir.write(
      "open.key", kKey, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  auto p = parse("security:\n  verify_key_file: " + readable.string() + "\n");
  REQUIRE(p.problems.size() == 1);
  CHECK(p.problems[0].to_string() ==
        "agent.yaml:2:20: security.verify_key_file: the key file " + readable.string() +
            " may be read by others (mode 0604): chmod 600 " + readable.string());
  CHECK(all_problems(parse("security: { verify_key_file: /nonexistent/key }\n"))
            .find("cannot read the key file /nonexistent/key") != std::string::npos);
  auto short_key = dir.write("short.key", "abc\n");
  CHECK(all_problems(parse("security: { verify_key_file: " + short_key.string() + " }\n"))
            .find("shorter than 16 bytes") != std::string::npos);
  CHECK(all_problems(parse("security: { max_skew: 10s }\n"))
            .find("missing required key `verify_key_file`") != std::string::npos);
  CHECK(all_problems(parse("security: { verify_key_file: " + dir.write("k", kKey).string() +
                           ", max_skew: 0s }\n"))
            .find("security.max_skew: must be between") != std::string::npos);
}

TEST_CASE("homeassistant: the same section as the bridge's, checked") {
  auto p = parse(R"(homeassistant:
  enabled: true
  discovery_prefix: ha
  discovery: entity
  status_topic: ha/status
)");
  CHECK_MESSAGE(p.problems.empty(), all_problems(p));
  const auto& h = p.config.homeassistant;
  CHECK(h.enabled);
  CHECK(h.prefix == "ha");
  CHECK(h.discovery == ha::discovery_settings::mode::entity);
  CHECK(h.status_topic == "ha/status");
  auto bad = parse(R"(homeassistant:
  enabled: yes please
  discovery_prefix: "ha/#"
  discovery: both
  prefix: x
)");
  auto text = all_problems(bad);
  CHECK(text.find("agent.yaml:2:") != std::string::npos);
  CHECK(text.find("agent.yaml:3:21: homeassistant.discovery_prefix:") != std::string::npos);
  CHECK(text.find("agent.yaml:4:") != std::string::npos);
  CHECK(text.find("homeassistant.prefix: unknown key") != std::string::npos);
  CHECK_FALSE(parse("").config.homeassistant.enabled);
}

TEST_CASE("the state file lives beside the control socket unless placed elsewhere") {
  CHECK(parse("").config.state_file == "/run/nutmqtt/shutdown-agent.state");
  CHECK(parse("control_socket: /tmp/x/agent.sock\n").config.state_file ==
        "/tmp/x/shutdown-agent.state");
  CHECK(parse("state_file: /var/lib/nutmqtt/agent.state\n").config.state_file ==
        "/var/lib/nutmqtt/agent.state");
  CHECK(all_problems(parse("state_file: agent.state\n"))
            .find("agent.yaml:1:13: state_file: must be an absolute path") != std::string::npos);
}

TEST_CASE("shutdown.timers name timers, and a name no rule starts is a warning") {
  auto p = parse(R"(cmdscript: /bin/sh
rules: [ { at: ONBATT, start_timer: power-off, after: 60s } ]
shutdown: { timers: [power-off, upsgone] }
)");
  CHECK_MESSAGE(p.problems.empty(), all_problems(p));
  CHECK(p.config.shutdown_timers == std::vector<std::string>{"power-off", "upsgone"});
  REQUIRE(p.config.warnings.size() == 1);
  CHECK(p.config.warnings[0] == "shutdown.timers: no rule starts a timer named \"upsgone\"");
  CHECK(all_problems(parse("shutdown: { timers: [\"two words\"] }\n"))
            .find("shutdown.timers: timer name") != std::string::npos);
}
