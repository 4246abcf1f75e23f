// nutmqtt-fake-upsd as the benchmark harness runs it: started as a process, read for its LISTEN
// lines, driven with the real NUT clients, stopped with SIGTERM.

#include <csignal>
#include <memory>
#include <sstream>

#include <doctest/doctest.h>

#include "support/child_process.hpp"
#include "support/daemon_process.hpp"
#include "support/listener.hpp"
#include "support/net.hpp"
#include "support/nut_server.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

using nutmqtt::test::child_process;
using nutmqtt::test::program_path;
using nutmqtt::test::run;
using nutmqtt::test::temp_dir;
using nutmqtt::test::wait_until;
using namespace std::chrono_literals;

namespace {

struct listen_line {
  std::string address;
  std::string first;
  std::string last;
};

// The "LISTEN <address> ups=<first>..<last>" lines in the program's output.
std::vector<listen_line> listen_lines(const std::string& log) {
  std::vector<listen_line> out;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string keyword, address, range;
    if (!(words >> keyword >> address >> range) || keyword != "LISTEN") continue;
    const auto dots = range.find("..");
    if (!range.starts_with("ups=") || dots == std::string::npos) continue;
    out.push_back({address, range.substr(4, dots - 4), range.substr(dots + 2)});
  }
  return out;
}

// Starts the program and waits until it has printed `servers` LISTEN lines.
std::vector<listen_line> start(child_process& p, const temp_dir& dir, std::vector<std::string> args,
                               std::size_t servers) {
  args.insert(args.begin(), program_path("nutmqtt-fake-upsd"));
  p = child_process(args, dir / "fake.log");
  REQUIRE(wait_until([&] { return listen_lines(p.log()).size() == servers; }, 20s));
  return listen_lines(p.log());
}

}  // namespace

TEST_CASE("the program spreads UPSes over servers and serves the NUT clients") {
  temp_dir dir;
  child_process p;
  auto lines = start(p, dir, {"--servers", "3", "--ups", "10", "--base-port", "0"}, 3);
  CHECK(lines[0].first == "ups0001");
  CHECK(lines[0].last == "ups0003");
  CHECK(lines[1].first == "ups0004");
  CHECK(lines[2].last == "ups0010");

  auto listed = run({"upsc", "-l", lines[1].address}, 20s);
  CHECK(listed.status == 0);
  CHECK(listed.output.find("ups0005") != std::string::npos);
  CHECK(listed.output.find("ups0001") == std::string::npos);

  const auto target = "ups0010@" + lines[2].address;
  auto set = run({"upsrw", "-s", "ups.status=OB LB", "-u", "admin", "-p", "adminpw", target}, 20s);
  CAPTURE(set.output);
  CHECK(set.status == 0);
  auto status = run({"upsc", target, "ups.status"}, 20s);
  CHECK(status.output.find("OB LB") != std::string::npos);

  p.signal(SIGTERM);
  CHECK(p.wait_exit(20s) == 0);
}

TEST_CASE("the program serves a .dev fixture, on given ports, with its own users") {
  temp_dir dir;
  auto users = dir.write("users", "# benchmark users\nbench:b3nch:set,instcmd\n");
  auto dev = std::string(NUTMQTT_TEST_FIXTURES) +
             "/ups-dumps/Cyber_Power_Systems__CP1500AVRLCDa__usbhid-ups__2.7.4__01.dev";
  int port = nutmqtt::test::free_port();
  child_process p;
  // Another test's server may take the free port first: then the program is started again on
  // another, until the listener on its port is the program.
  p = std::move(*nutmqtt::test::start_listening("nutmqtt-fake-upsd", port, true, [&](int on) {
    return std::make_unique<child_process>(
        std::vector<std::string>{program_path("nutmqtt-fake-upsd"), "--ports", std::to_string(on),
                                 "--ups", "2", "--dev", dev, "--name-pattern", "cp{}",
                                 "--users-file", users.string(), "--drift-interval", "100ms"},
        dir / "fake.log");
  }));
  REQUIRE(wait_until([&] { return listen_lines(p.log()).size() == 1; }, 20s));
  auto lines = listen_lines(p.log());
  CHECK(lines[0].address == "127.0.0.1:" + std::to_string(port));
  CHECK(lines[0].first == "cp1");
  CHECK(lines[0].last == "cp2");
  auto model = run({"upsc", "cp2@" + lines[0].address, "device.model"}, 20s);
  CHECK(model.output.find("CP1500AVRLCDa") != std::string::npos);
  auto cmd = run(
      {"upscmd", "-u", "bench", "-p", "b3nch", "cp1@" + lines[0].address, "beeper.disable"}, 20s);
  CAPTURE(cmd.output);
  CHECK(cmd.status == 0);
  auto refused = run(
      {"upsrw", "-s", "ups.status=OB", "-u", "admin", "-p", "adminpw", "cp1@" + lines[0].address},
      20s);
  CHECK(refused.status != 0);
  p.signal(SIGINT);
  CHECK(p.wait_exit(20s) == 0);
}

TEST_CASE("bad options exit with 2 and say what is wrong") {
  auto bad = [](std::vector<std::string> args) {
    args.insert(args.begin(), program_path("nutmqtt-fake-upsd"));
    return run(args, 20s);
  };
  auto few = bad({"--servers", "4", "--ups", "2"});
  CHECK(few.status == 2);
  CHECK(few.output.find("--ups must be at least --servers") != std::string::npos);
  auto pattern = bad({"--ups", "3", "--name-pattern", "same"});
  CHECK(pattern.status == 2);
  CHECK(pattern.output.find("gives the name same twice") != std::string::npos);
  auto several = bad({"--mode", "sleepy", "--drift-interval", "soon", "--dev", "/nonexistent"});
  CHECK(several.status == 2);
  CHECK(several.output.find("--mode 'sleepy'") != std::string::npos);
  CHECK(several.output.find("--drift-interval 'soon'") != std::string::npos);
  auto tls = bad({"--tls-cert", "/nonexistent/cert.pem"});
  CHECK(tls.status == 2);
  CHECK(tls.output.find("--tls-cert and --tls-key go together") != std::string::npos);
  CHECK(tls.output.find("/nonexistent/cert.pem: no such file") != std::string::npos);
  CHECK(bad({"--no-such-option"}).status == 2);
  CHECK(bad({"--help"}).status == 0);
}

TEST_CASE("a port in use is a runtime failure: exit 1") {
  temp_dir dir;
  child_process first;
  auto lines = start(first, dir, {}, 1);
  const auto port = lines[0].address.substr(lines[0].address.rfind(':') + 1);
  auto second = run({program_path("nutmqtt-fake-upsd"), "--base-port", port}, 20s);
  CHECK(second.status == 1);
  CHECK(second.output.find("cannot listen on 127.0.0.1:" + port) != std::string::npos);
}
