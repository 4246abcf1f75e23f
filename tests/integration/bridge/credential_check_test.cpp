// The start-up credentials check, run on the test's own io_context against a fake upsd: what it
// reports, and that its connection is released however it ends.

#include "bridge/nut/credential_check.hpp"

#include <chrono>
#include <memory>
#include <optional>

#include <doctest/doctest.h>

#include "own_io.hpp"

using namespace std::chrono_literals;
namespace fake = nutmqtt::fake_upsd;
using nutmqtt::bridge::check_credentials;
using nutmqtt::bridge::credential_verdict;
using nutmqtt::common::secret;
using nutmqtt::test::endpoint_of;
using nutmqtt::test::run_until;
using nutmqtt::test::serve_one_ups;

TEST_CASE("the credentials check tells accepted from refused and lets its connection go") {
  auto server = serve_one_ups();
  boost::asio::io_context io;
  struct check_case {
    const char* password;
    credential_verdict::outcome expected;
  };
  for (const auto& c : {check_case{"secret", credential_verdict::outcome::accepted},
                        check_case{"wrong", credential_verdict::outcome::refused}}) {
    CAPTURE(c.password);
    std::optional<credential_verdict> verdict;
    std::weak_ptr<nutmqtt::bridge::nut_connection> conn =
        check_credentials(io, endpoint_of(server), 5s, "monuser", secret(c.password), "ups",
                          [&](const credential_verdict& v) { verdict = v; });
    REQUIRE(run_until(
        io, [&] { return verdict.has_value() && conn.expired(); }, 10s));
    CHECK(verdict->result == c.expected);
  }
  CHECK(server.server().requests("LOGOUT") == 2);
}

TEST_CASE("closing a credentials check upsd never answers lets it go") {
  auto server = serve_one_ups();
  auto handle = server.server();
  handle.set_mode(fake::misbehaviour::stall);
  boost::asio::io_context io;
  std::optional<credential_verdict> verdict;
  auto conn = check_credentials(io, endpoint_of(server), 60s, "monuser", secret("secret"), "ups",
                                [&](const credential_verdict& v) { verdict = v; });
  REQUIRE(run_until(
      io, [&] { return handle.requests("LOGIN") == 1; }, 10s));
  CHECK_FALSE(verdict.has_value());

  // What the bridge does when it stops during the check.
  std::weak_ptr<nutmqtt::bridge::nut_connection> watched = conn;
  conn->close();
  conn.reset();
  REQUIRE(verdict.has_value());
  CHECK(verdict->result == credential_verdict::outcome::unknown);
  // Its cancelled reads still hold it until they complete; then nothing does.
  CHECK(run_until(
      io, [&] { return watched.expired(); }, 5s));
}
