// The script runner on its own: real child processes, one io_context, bounded by run_for.

#include "shutdown-agent/processes/process_runner.hpp"

#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

using namespace nutmqtt::agent;
using namespace std::chrono_literals;

namespace {

struct outcome {
  std::vector<std::string> lines;
  std::optional<process_result> result;
};

outcome run_sh(const std::string& script, std::optional<std::chrono::milliseconds> timeout,
               std::vector<std::string> env = {}) {
  boost::asio::io_context io;
  process_runner runner(io);
  outcome o;
  process_request r;
  r.argv = {"/bin/sh", "-c", script};
  r.env = environment_with(env);
  r.timeout = timeout;
  runner.start(
      std::move(r), [&](std::string_view line) { o.lines.emplace_back(line); },
      [&](const process_result& result) {
        o.result = result;
        io.stop();
      });
  io.run_for(30s);
  return o;
}

}  // namespace

TEST_CASE("output is captured line by line with the exit status") {
  auto o = run_sh("echo one; echo two >&2; printf three; exit 3", std::nullopt);
  REQUIRE(o.result);
  CHECK(o.result->exit_code == 3);
  CHECK_FALSE(o.result->success());
  CHECK(o.lines == std::vector<std::string>{"one", "two", "three"});
}

TEST_CASE("the environment given is the one the child sees") {
  auto o = run_sh("echo \"$UPSNAME/$NOTIFYTYPE\"", std::nullopt, {"UPSNAME=nas", "NOTIFYTYPE=X"});
  REQUIRE(o.result);
  CHECK(o.result->success());
  CHECK(o.lines == std::vector<std::string>{"nas/X"});
}

TEST_CASE("a child past its time limit is killed with what it started") {
  auto o = run_sh("sleep 300 & echo started; wait", 1s);
  REQUIRE(o.result);
  CHECK(o.result->timed_out);
  CHECK(o.result->signal == SIGTERM);
  CHECK(o.result->describe().find("after its time limit") != std::string::npos);
}

TEST_CASE("a program that cannot be started is reported, not thrown") {
  boost::asio::io_context io;
  process_runner runner(io);
  std::optional<process_result> result;
  process_request r;
  r.argv = {"/nonexistent/program"};
  r.env = environment_with({});
  CHECK(runner.start(
            std::move(r), [](std::string_view) {}, [&](const process_result& x) { result = x; }) ==
        -1);
  io.run_for(5s);
  REQUIRE(result);
  CHECK(result->error.find("/nonexistent/program") != std::string::npos);
}

TEST_CASE("a script inherits no descriptor of the agent but stdin, stdout and stderr") {
  // Regression (found by the fault matrix): a script kept the agent's control socket and MQTT
  // connection open, so a restarted agent believed another one ran until the script ended.
  int held = ::open("/dev/null", O_RDONLY);  // stands for the agent's sockets: no close-on-exec
  REQUIRE(held > 2);
  auto o = run_sh("ls /proc/$$/fd", std::nullopt);
  ::close(held);
  REQUIRE(o.result);
  CHECK(o.result->success());
  // 0, 1, 2 and the descriptor ls opens to read the directory.
  CHECK(o.lines.size() <= 4);
  CHECK(std::find(o.lines.begin(), o.lines.end(), std::to_string(held)) == o.lines.end());
}
