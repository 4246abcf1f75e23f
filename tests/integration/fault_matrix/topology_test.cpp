// The topology as data, and the configurations it turns into: each one is checked by the
// program that will read it (--check-config), so that a cell never fails on a typo.

#include "fault_matrix/topology.hpp"

#include <fstream>

#include <doctest/doctest.h>

#include "fault_matrix/service_plan.hpp"
#include "support/child_process.hpp"
#include "support/daemon_process.hpp"
#include "support/temp_dir.hpp"

using namespace nutmqtt::fault_matrix;
using namespace std::chrono_literals;

namespace {

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  for (const auto& p : problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

// Writes the service's files into `dir` and runs its program with --check-config.
nutmqtt::test::run_result check_config(const service_spec& s, const topology& t,
                                       const nutmqtt::test::temp_dir& dir,
                                       const std::string& config_file) {
  plan_context ctx;
  ctx.dir = dir.path();
  ctx.key_file = dir.write("sign.key", std::string(64, 'a') + "\n");
  ctx.libfaketime = "/nonexistent/libfaketimeMT.so.1";
  const auto plan = plan_service(s, t, ctx);
  for (const auto& f : plan.files)
    dir.write(f.name, f.text,
              f.executable
                  ? std::filesystem::perms::owner_all
                  : std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  REQUIRE(plan.processes.size() == 1);
  return nutmqtt::test::run(
      {plan.processes[0].argv[0], "-c", (dir / config_file).string(), "--check-config"}, 10s);
}

}  // namespace

TEST_CASE("the home topology can be built: every service finds its peers") {
  const auto t = home_topology();
  CHECK(t.problems().empty());
  CHECK(t.address_of("broker") == "10.77.0.20");
  CHECK(t.host_of("pi2").name == "pi2");
  CHECK(t.all<agent_spec>().size() == 2);
  CHECK(t.get<agent_spec>("pi2").final_delay == "0s");
}

TEST_CASE("a topology naming hosts that do not exist, or that run the wrong thing, is refused") {
  auto t = home_topology();
  t.get<agent_spec>("pi1").brokers = {"broker2"};
  t.get<bridge_spec>("bridge").nut_servers = {"broker"};
  t.hosts.push_back({"pi1", "10.77.0.41", {}});
  const auto problems = t.problems();
  CHECK(mentions(problems, "agent pi1 names the host \"broker2\" as its broker, but no such host"));
  CHECK(mentions(problems,
                 "bridge bridge names the host \"broker\" as its NUT server, but it runs none"));
  CHECK(mentions(problems, "two hosts are called pi1"));
  CHECK(mentions(problems, "two hosts have 10.77.0.41"));
}

TEST_CASE("the bridge's configuration points at the NAS and the broker by address, and is valid") {
  auto t = home_topology();
  auto& b = t.get<bridge_spec>("bridge");
  b.sign = true;
  b.clock_offset = "+20s";
  nutmqtt::test::temp_dir dir;
  const auto r = check_config(b, t, dir, "bridge.yaml");
  CHECK_MESSAGE(r.status == 0, r.output);
  const auto yaml = nutmqtt::test::read_file(dir / "bridge.yaml");
  CHECK(yaml.find("tcp://10.77.0.20:1883") != std::string::npos);
  CHECK(yaml.find("host: 10.77.0.10") != std::string::npos);
  CHECK(yaml.find("login: true") != std::string::npos);
  plan_context ctx;
  ctx.dir = dir.path();
  ctx.libfaketime = "/lib/faketime.so";
  const auto env = plan_service(b, t, ctx).processes[0].env;
  CHECK(env.at("FAKETIME") == "+20s");
  CHECK(env.at("LD_PRELOAD") == "/lib/faketime.so");
  CHECK(env.at("FAKETIME_DONT_FAKE_MONOTONIC") == "1");
}

TEST_CASE("an agent's configuration is valid, with its timer, final delay and key") {
  auto t = home_topology();
  auto& a = t.get<agent_spec>("pi2");
  a.verify = true;
  a.power_off = "10m";
  nutmqtt::test::temp_dir dir;
  const auto r = check_config(a, t, dir, "agent.yaml");
  CHECK_MESSAGE(r.status == 0, r.output);
  const auto yaml = nutmqtt::test::read_file(dir / "agent.yaml");
  CHECK(yaml.find("start_timer: power-off, after: 10m") != std::string::npos);
  CHECK(yaml.find("final_delay: 0s") != std::string::npos);
  CHECK(yaml.find("verify_key_file") != std::string::npos);
}

TEST_CASE("the agents' shutdown command only writes a timestamp, and the CMDSCRIPT records") {
  const auto t = home_topology();
  nutmqtt::test::temp_dir dir;
  plan_context ctx;
  ctx.dir = dir.path();
  for (const auto& f : plan_service(t.service("pi1"), t, ctx).files)
    dir.write(f.name, f.text, std::filesystem::perms::owner_all);
  CHECK(nutmqtt::test::run({(dir / "shutdown").string(), "-h", "now"}, 5s).status == 0);
  const auto marker = nutmqtt::test::read_file(dir / kShutdownMarker);
  CHECK(marker.find(" -h now\n") != std::string::npos);
  CHECK(std::strtod(marker.c_str(), nullptr) > 1.7e9);
  CHECK(nutmqtt::test::run({(dir / "upssched-cmd").string(), "onbatt"}, 5s,
                           {{"UPSNAME", "nas"}, {"NOTIFYTYPE", "ONBATT"}})
            .status == 0);
  CHECK(nutmqtt::test::read_file(dir / kCalls).find("|onbatt|nas|ONBATT") != std::string::npos);
}

TEST_CASE("the NUT server listens on loopback and on its LAN address") {
  const auto t = home_topology();
  plan_context ctx;
  ctx.dir = "/x";
  const auto plan = plan_service(t.service("upsd"), t, ctx);
  std::string upsd_conf;
  for (const auto& f : plan.files)
    if (f.name == "etc/upsd.conf") upsd_conf = f.text;
  CHECK(upsd_conf.find("LISTEN 127.0.0.1 3493") != std::string::npos);
  CHECK(upsd_conf.find("LISTEN 10.77.0.10 3493") != std::string::npos);
  REQUIRE(plan.processes.size() == 2);
  CHECK(plan.processes[0].name == "dummy-ups");  // before upsd, which connects to it
  CHECK(plan.processes[1].name == "upsd");
}
