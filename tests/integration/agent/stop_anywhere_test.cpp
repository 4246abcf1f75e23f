// The agent stops by draining (common/daemon): SIGTERM at any point of its life ends every piece
// of asynchronous work it started, and it exits 0 by itself. A daemon that leaves work behind is
// reported by the test support ("did not drain"); in the sanitizer build LeakSanitizer checks
// that nothing was left allocated, which fails the exit status.

#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "agent_fixture.hpp"
#include "support/net.hpp"

using namespace nutmqtt::test;
using nutmqtt::common::event_type;

namespace {

// A client of the agent's control socket that connects and says nothing.
class idle_control_client {
 public:
  explicit idle_control_client(const std::string& path) : fd_(::socket(AF_UNIX, SOCK_STREAM, 0)) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
    connected_ = fd_ >= 0 &&
                 ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~idle_control_client() {
    if (fd_ >= 0) ::close(fd_);
  }
  idle_control_client(const idle_control_client&) = delete;
  idle_control_client& operator=(const idle_control_client&) = delete;
  bool connected() const { return connected_; }

 private:
  int fd_;
  bool connected_ = false;
};

}  // namespace

TEST_CASE("stopping the agent: while it cannot reach the broker") {
  temp_dir dir;
  const std::string config =
      "agent: { id: lonely }\nmqtt: { url: \"tcp://127.0.0.1:" + std::to_string(free_port()) +
      "\" }\ncmdscript: /bin/true\n" + "control_socket: " + (dir / "agent.sock").string() + "\n";
  daemon_process agent(dir, "agent", "nutmqtt-shutdown-agent", config);
  REQUIRE(agent.wait_for_log("cannot reach", 15s));
  CHECK(agent.stop() == 0);
}

TEST_CASE("stopping the agent: with a script running, a timer armed and a control client") {
  agent_options o;
  o.rules = R"(
  - { at: ONBATT, ups: "*", execute: hang }
  - { at: ONBATT, ups: "*", start_timer: later, after: 1h }
)";
  agent_fixture f(o);
  f.publish_event(event_type::onbatt, "OB", 1);
  REQUIRE(f.wait_for_call("hang|"));
  REQUIRE(f.agent().wait_for_log("later", 10s));
  // A control client that connected and said nothing.
  idle_control_client idle(f.socket_path());
  REQUIRE(idle.connected());
  CHECK(f.agent().stop() == 0);
}

TEST_CASE("stopping the agent: during a shutdown, its command still running") {
  agent_options o;
  o.final_delay = "1h";  // the sequence waits here when it is stopped
  agent_fixture f(o);
  f.publish_event(event_type::onbatt, "OB LB", 1);
  REQUIRE(f.agent().wait_for_log("SHUTDOWN:", 15s));
  CHECK(f.agent().stop() == 0);
}

TEST_CASE("stopping the agent: amid a burst of events") {
  agent_fixture f;
  for (std::uint64_t seq = 1; seq <= 200; ++seq)
    f.publish_event(seq % 2 == 1 ? event_type::onbatt : event_type::online,
                    seq % 2 == 1 ? "OB" : "OL", seq);
  REQUIRE(f.wait_for_call("power-on|"));
  CHECK(f.agent().stop() == 0);
}
