// The start-up credentials check, run on the test's own io_context against a fake upsd: what it
// reports, and that its connection is released however it ends.

#include "bridge/credential_check.hpp"

#include <chrono>
#include <memory>
#include <optional>

#include <doctest/doctest.h>

#include "fake_upsd/asio.hpp"
#include "fake_upsd/fake_upsd.hpp"
#include "fake_upsd/realistic_ups.hpp"

using namespace std::chrono_literals;
namespace fake = nutmqtt::fake_upsd;
using nutmqtt::bridge::check_credentials;
using nutmqtt::bridge::credential_verdict;
using nutmqtt::bridge::nut_endpoint;
using nutmqtt::bridge::tls_mode;
using nutmqtt::common::secret;

namespace {

fake::fake_upsd serve_one_ups() {
  fake::server_options o;
  o.ups.push_back(fake::realistic_ups("ups", 7));
  return fake::fake_upsd(std::move(o));
}

nut_endpoint endpoint_of(const fake::fake_upsd& server) {
  nut_endpoint e;
  e.host = "127.0.0.1";
  e.port = static_cast<std::uint16_t>(server.port());
  e.tls = tls_mode::off;
  return e;
}

// Runs the io_context in short slices until `done` holds; at most `limit`.
template <typename Predicate>
bool run_until(boost::asio::io_context& io, Predicate done, std::chrono::milliseconds limit) {
  for (auto waited = 0ms; waited < limit; waited += 20ms) {
    if (done()) return true;
    io.restart();
    io.run_for(20ms);
  }
  return done();
}

}  // namespace

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
