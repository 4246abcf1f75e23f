// The LOGIN the bridge holds for a NUT primary, on the test's own io_context against a fake
// upsd: it counts in NUMLOGINS, lets go on release, and leaves nothing open when stopped.

#include "bridge/nut/login_session.hpp"

#include <chrono>

#include <doctest/doctest.h>

#include "own_io.hpp"

using namespace std::chrono_literals;
namespace fake = nutmqtt::fake_upsd;
using nutmqtt::bridge::login_session;
using nutmqtt::bridge::server_config;
using nutmqtt::test::endpoint_of;
using nutmqtt::test::run_until;
using nutmqtt::test::serve_one_ups;

namespace {

server_config monuser_on(const fake::fake_upsd& server) {
  server_config c;
  c.endpoint = endpoint_of(server);
  c.username = "monuser";
  c.password = nutmqtt::common::secret("secret");
  c.where = "nut[0]";
  return c;
}

}  // namespace

TEST_CASE("a stop while upsd has not answered LOGOUT closes that connection") {
  auto server = serve_one_ups();
  auto handle = server.server();
  boost::asio::io_context io;
  login_session login(io, monuser_on(server), "ups", 60s);
  login.start();
  REQUIRE(run_until(
      io, [&] { return login.logged_in(); }, 10s));
  CHECK(handle.numlogins("ups") == 1);

  handle.set_mode(fake::misbehaviour::stall);  // LOGOUT goes unanswered
  login.release();
  REQUIRE(run_until(
      io, [&] { return handle.requests("LOGOUT") == 1; }, 10s));
  CHECK(handle.open_connections() == 1);

  // Without the stop, the connection would wait for LOGOUT's answer for the whole 60 s.
  login.stop();
  CHECK(run_until(
      io, [&] { return handle.open_connections() == 0; }, 5s));
}
