// The MQTT session with two real brokers: failover along the list, failback to the first once
// it accepts connections again, and the TCP probe that tells.

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include "common/mqtt_session.hpp"
#include "common/tcp_probe.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/mqtt_probe.hpp"
#include "support/net.hpp"
#include "support/run_until.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

using namespace nutmqtt;
using namespace nutmqtt::test;
using namespace std::chrono_literals;

namespace {

// A session on its own io_context that records the broker of each connect.
struct session_under_test {
  session_under_test(std::vector<std::string> urls,
                     std::optional<std::chrono::milliseconds> failback_after) {
    common::mqtt_session::options o;
    o.settings.urls = std::move(urls);
    o.settings.failback_after = failback_after;
    o.settings.client_id = "failover-test";
    o.will = common::mqtt_message{"test/availability", "offline", 1, true};
    common::mqtt_session::handlers h;
    h.connected = [this] {
      connects.push_back(session->url());
      session->publish({"test/availability", "online", 1, true});
    };
    h.disconnected = [this] { ++losses; };
    session = common::mqtt_session::create(io, std::move(o), std::move(h));
    session->start();
  }
  ~session_under_test() {
    bool stopped = false;
    session->stop({}, [&] { stopped = true; });
    run_until(
        io, [&] { return stopped; }, 10s);
  }
  bool connected_to(const mosquitto_broker& b) {
    return session->connected() && session->url() == b.url();
  }

  boost::asio::io_context io;
  std::shared_ptr<common::mqtt_session> session;
  std::vector<std::string> connects;
  int losses = 0;
};

}  // namespace

TEST_CASE("failover: the session moves to the second broker, and fails back to the first") {
  mosquitto_broker a;
  mosquitto_broker b;
  mqtt_probe on_b(b.port(), {"test/#"});
  session_under_test s({a.url(), b.url()}, 1s);
  REQUIRE(run_until(
      s.io, [&] { return s.connected_to(a); }, 10s));

  a.stop();
  REQUIRE(run_until(
      s.io, [&] { return s.connected_to(b); }, 20s));
  CHECK(s.losses == 1);
  REQUIRE(on_b.wait_for_latest("test/availability", "online", 10s));

  a.start();
  REQUIRE(run_until(
      s.io, [&] { return s.connected_to(a); }, 20s));
  CHECK(s.connects == std::vector<std::string>{a.url(), b.url(), a.url()});
  CHECK(s.losses == 2);  // the switch, told to the owner as any reconnect
  // The broker left behind got a clean disconnect: no last will there. A message of the probe's
  // own, sent after the switch, comes back after anything the will would have sent.
  REQUIRE(wait_until(
      [&] {
        return read_file(b.dir() / "mosquitto.log").find("Client failover-test disconnected.") !=
               std::string::npos;
      },
      10s));
  on_b.publish("test/after-switch", "1");
  REQUIRE(on_b.wait_for_topic("test/after-switch", 10s));
  CHECK(on_b.latest("test/availability") == "online");
}

TEST_CASE("failover: a first broker down from the start costs one attempt, then the second") {
  mosquitto_broker::options down;
  down.start = false;
  mosquitto_broker a(down);
  mosquitto_broker b;
  session_under_test s({a.url(), b.url()}, std::nullopt);
  REQUIRE(run_until(
      s.io, [&] { return s.connected_to(b); }, 10s));
  CHECK(s.connects == std::vector<std::string>{b.url()});
  // failback_after: never - the first broker coming back changes nothing.
  a.start();
  run_until(
      s.io, [] { return false; }, 2s);
  CHECK(s.connected_to(b));
  CHECK(s.connects.size() == 1);
}

TEST_CASE("failover: while the first broker stays down, the session stays on the second") {
  mosquitto_broker::options down;
  down.start = false;
  mosquitto_broker a(down);
  mosquitto_broker b;
  session_under_test s({a.url(), b.url()}, 1s);
  REQUIRE(run_until(
      s.io, [&] { return s.connected_to(b); }, 10s));
  // Several failback periods: each probe finds nothing and the session keeps its connection.
  run_until(
      s.io, [] { return false; }, 3500ms);
  CHECK(s.connected_to(b));
  CHECK(s.connects.size() == 1);
  CHECK(s.losses == 0);
}

TEST_CASE("the TCP probe tells a listening port from a closed one") {
  boost::asio::io_context io;
  mosquitto_broker open_broker;
  std::optional<bool> open_result;
  std::optional<bool> closed_result;
  std::string closed_why;
  auto p1 = common::tcp_probe::start(io, "127.0.0.1", open_broker.port(), 5s,
                                     [&](bool ok, const std::string&) { open_result = ok; });
  auto p2 = common::tcp_probe::start(io, "127.0.0.1", free_port(), 5s,
                                     [&](bool ok, const std::string& why) {
                                       closed_result = ok;
                                       closed_why = why;
                                     });
  REQUIRE(run_until(
      io, [&] { return open_result && closed_result; }, 10s));
  CHECK(*open_result);
  CHECK_FALSE(*closed_result);
  CHECK_FALSE(closed_why.empty());
  // A cancelled probe never calls back.
  bool called = false;
  auto p3 = common::tcp_probe::start(io, "127.0.0.1", open_broker.port(), 5s,
                                     [&](bool, const std::string&) { called = true; });
  p3->cancel();
  run_until(
      io, [] { return false; }, 300ms);
  CHECK_FALSE(called);
}
