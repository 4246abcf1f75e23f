// The command line: --check-config, exit statuses, the control socket's privacy, SIGTERM.

#include <sys/stat.h>

#include <doctest/doctest.h>

#include "agent_fixture.hpp"
#include "support/child_process.hpp"

using namespace nutmqtt::test;

namespace {

std::string agent_binary() {
  return program_path("nutmqtt-shutdown-agent");
}

}  // namespace

TEST_CASE("--check-config prints the effective configuration with the password masked") {
  temp_dir dir;
  auto file = dir.write("a.yaml",
                        "agent: { id: pi }\n"
                        "mqtt: { url: mqtt://127.0.0.1, username: u, password: topsecret }\n"
                        "rules: [ { at: ONBATT, execute: x } ]\n"
                        "cmdscript: /bin/true\n");
  auto r = run({agent_binary(), "-c", file.string(), "--check-config"}, 20s);
  CHECK(r.status == 0);
  CHECK(r.output.find("topsecret") == std::string::npos);
  CHECK(r.output.find("********") != std::string::npos);
  CHECK(r.output.find("AT ONBATT * EXECUTE x") != std::string::npos);
  CHECK(r.output.find("client_id: nutmqtt-agent-pi") != std::string::npos);
}

TEST_CASE("the annotated example configuration and script are valid") {
  // The example names the script where it is installed; point it at a copy of the example.
  temp_dir dir;
  const std::filesystem::path source(NUTMQTT_SOURCE_DIR);
  auto script = dir.write("upssched-cmd", read_file(source / "config/upssched-cmd.example"),
                          std::filesystem::perms::owner_all);
  auto text = read_file(source / "config/shutdown-agent.yaml");
  const std::string installed = "/etc/nutmqtt/upssched-cmd";
  const auto at = text.find(installed);
  REQUIRE(at != std::string::npos);
  text.replace(at, installed.size(), script.string());
  auto file = dir.write("shutdown-agent.yaml", text);
  auto r = run({agent_binary(), "-c", file.string(), "--check-config"}, 20s);
  CHECK(r.status == 0);
  CHECK(r.output.find("AT ONBATT * START-TIMER power-off 60") != std::string::npos);
  CHECK(run({"/bin/sh", "-n", script.string()}, 10s).status == 0);
}

TEST_CASE("configuration errors exit 2 and list every problem with its line") {
  temp_dir dir;
  auto file = dir.write("a.yaml", "min_supplies: lots\nrules: [ { at: NOPE, execute: x } ]\n");
  auto r = run({agent_binary(), "-c", file.string(), "--check-config"}, 20s);
  CHECK(r.status == 2);
  CHECK(r.output.find(file.string() + ":1:") != std::string::npos);
  CHECK(r.output.find(file.string() + ":2:") != std::string::npos);
  CHECK(r.output.find("problem(s) in " + file.string()) != std::string::npos);
  auto missing = run({agent_binary(), "-c", (dir / "none.yaml").string()}, 20s);
  CHECK(missing.status == 2);
  CHECK(missing.output.find("cannot open the configuration file") != std::string::npos);
}

TEST_CASE("--version prints the version") {
  auto r = run({agent_binary(), "--version"}, 20s);
  CHECK(r.status == 0);
  CHECK(r.output.find("nutmqtt-shutdown-agent 0.") != std::string::npos);
}

TEST_CASE("the control socket is owner-only and a second agent refuses to start") {
  agent_fixture f;
  struct stat st {};
  REQUIRE(::stat(f.socket_path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat((f.dir() / "run").c_str(), &st) == 0);
  CHECK((st.st_mode & 0077) == 0);
  auto second = run({agent_binary(), "-c", (f.dir() / "agent.yaml").string()}, 20s);
  CHECK(second.status == 1);
  CHECK(second.output.find("another nutmqtt-shutdown-agent is already running") !=
        std::string::npos);
}

TEST_CASE("SIGTERM stops cleanly: exit 0, offline state, socket removed") {
  agent_fixture f;
  CHECK(f.agent().stop() == 0);
  CHECK(wait_until([&] { return !f.online(); }, 10s));
  auto state = f.probe().latest("ups/_agent/testhost/state");
  REQUIRE(state);
  CHECK(state->find("\"online\":false") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(f.socket_path()));
}

TEST_CASE("a verify key others may read is a configuration error naming the line") {
  temp_dir dir;
  auto key = dir.write("verify.key", "0123456789abcdef0123456789abcdef\n",
                       std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                           std::filesystem::perms::group_read);
  auto file = dir.write("a.yaml",
                        "agent: { id: pi }\nsecurity:\n  verify_key_file: " + key.string() + "\n");
  auto r = run({agent_binary(), "-c", file.string()}, 20s);
  CHECK(r.status == 2);
  CHECK(r.output.find(file.string() + ":3:20: security.verify_key_file: the key file " +
                      key.string() + " may be read by others (mode 0640): chmod 600") !=
        std::string::npos);
}
