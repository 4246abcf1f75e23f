#include "bench/daemon_configs.hpp"

#include <doctest/doctest.h>

#include "bridge/bridge_config.hpp"
#include "shutdown-agent/agent_config.hpp"
#include "support/temp_dir.hpp"

using namespace nutmqtt;
using namespace std::chrono_literals;

TEST_CASE("the bridge's benchmark configuration is one the bridge accepts, as planned") {
  auto c = bridge::parse_bridge_config(
      bench::bridge_config_text({"tcp://127.0.0.1:1883", {4001, 4002}, "1s", "10s", true}),
      "bridge.yaml");
  CHECK(c.id == "bench");
  CHECK(c.mqtt.urls == std::vector<std::string>{"tcp://127.0.0.1:1883"});
  REQUIRE(c.servers.size() == 2);
  CHECK(c.servers[1].endpoint.port == 4002);
  CHECK(c.servers[0].ups.empty());  // every UPS of the server
  CHECK(c.poll.status_interval == 1s);
  CHECK(c.poll.vars_interval == 10s);
  CHECK(c.homeassistant.enabled);

  // Unset intervals and discovery keep the bridge's defaults.
  auto d = bridge::parse_bridge_config(
      bench::bridge_config_text({"tcp://127.0.0.1:1883", {4001}, {}, {}, false}), "bridge.yaml");
  CHECK(d.poll.status_interval == bridge::poll_settings{}.status_interval);
  CHECK(d.poll.vars_interval == bridge::poll_settings{}.vars_interval);
  CHECK_FALSE(d.homeassistant.enabled);
}

TEST_CASE("the agent's benchmark configuration has upssched's two EXECUTE rules, nothing else") {
  test::temp_dir dir;
  auto script = dir.write("cmd", "#!/bin/sh\n", std::filesystem::perms::owner_all);
  auto file = dir.write("agent.yaml", bench::agent_config_text({"tcp://127.0.0.1:1883",
                                                                script.string(),
                                                                {"/bin/true", "agent"},
                                                                (dir / "sock").string()}));
  auto c = agent::load_agent_config(file.string());
  CHECK(c.id == "bench");
  CHECK(c.cmdscript == script.string());
  REQUIRE(c.rules.size() == 2);
  CHECK(c.rules[0].at == "ONBATT");
  CHECK(c.rules[0].ups == "*");
  CHECK(c.rules[0].action == agent::rule_action::execute);
  CHECK(c.rules[0].name == "onbatt");
  CHECK(c.rules[1].at == "ONLINE");
  CHECK(c.rules[1].name == "online");
  CHECK(c.shutdown_command == std::vector<std::string>{"/bin/true", "agent"});
  CHECK_FALSE(c.notify.syslog);
  CHECK(c.control_socket == (dir / "sock").string());
}

TEST_CASE("the agent's benchmark configuration can have other EXECUTE rules") {
  test::temp_dir dir;
  auto script = dir.write("cmd", "#!/bin/sh\n", std::filesystem::perms::owner_all);
  bench::agent_plan plan{
      "tcp://127.0.0.1:1883", script.string(), {"/bin/true"}, (dir / "sock").string()};
  plan.execute = {{"ONBATT", "onbatt"}};
  auto c =
      agent::load_agent_config(dir.write("agent.yaml", bench::agent_config_text(plan)).string());
  REQUIRE(c.rules.size() == 1);
  CHECK(c.rules[0].at == "ONBATT");
  CHECK(c.rules[0].name == "onbatt");
  CHECK(c.max_ups == 256);  // the default limit on made-up ids
}
