// Each way the fake can misbehave, switched at run time by the test.

#include <doctest/doctest.h>

#include "fake_fixture.hpp"
#include "support/wait.hpp"

using namespace nutmqtt::fake_upsd;
using nutmqtt::fake_upsd::testing::small_server;
using nutmqtt::test::line_client;
using nutmqtt::test::wait_until;
using namespace std::chrono_literals;

namespace {

bool looks_like_protocol(const std::string& line) {
  for (const char* word : {"OK", "ERR", "VAR", "BEGIN", "END", "UPS", "Network", "1.3"}) {
    if (line.starts_with(word)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("garbage: every request gets a line that is no protocol") {
  fake_upsd fake(small_server());
  fake.server().set_mode(misbehaviour::garbage);
  CHECK(fake.server().mode() == misbehaviour::garbage);
  line_client c(fake.port());
  c.send("VER\nGET VAR dummy ups.status\nLIST UPS");
  for (int i = 0; i < 3; ++i) {
    auto line = c.read_line();
    REQUIRE(line.has_value());
    CAPTURE(*line);
    CHECK_FALSE(line->empty());
    CHECK_FALSE(looks_like_protocol(*line));
  }
  fake.server().set_mode(misbehaviour::normal);
  CHECK(c.request("NETVER") == "1.3");
}

TEST_CASE("stall: requests are read and counted but never answered") {
  fake_upsd fake(small_server());
  fake.server().set_mode(misbehaviour::stall);
  line_client c(fake.port(), 300ms);
  CHECK_FALSE(c.request("VER").has_value());
  CHECK_FALSE(c.eof());
  CHECK(wait_until([&] { return fake.server().requests("VER") == 1; }, 10s));
  CHECK(fake.server().open_connections() == 1);
  fake.server().set_mode(misbehaviour::normal);
  CHECK(c.request("NETVER") == "1.3");
}

TEST_CASE("long_line: 100 KB without a newline, then more of it, connection open") {
  fake_upsd fake(small_server());
  fake.server().set_mode(misbehaviour::long_line);
  line_client c(fake.port());
  c.send("VER");
  auto first = c.read_bytes(kLongLineBytes);
  REQUIRE(first.has_value());
  CHECK(first->find('\n') == std::string::npos);
  c.send("NETVER");
  auto second = c.read_bytes(kLongLineBytes);
  REQUIRE(second.has_value());
  CHECK(second->find('\n') == std::string::npos);
  CHECK_FALSE(c.eof());
  CHECK(fake.server().requests("NETVER") == 1);
}

TEST_CASE("close_on_accept: connections are accepted and closed at once") {
  fake_upsd fake(small_server());
  fake.server().set_mode(misbehaviour::close_on_accept);
  for (int i = 0; i < 3; ++i) {
    line_client c(fake.port());
    CHECK_FALSE(c.request("VER").has_value());
    CHECK(c.eof());
  }
  CHECK(fake.server().connections_accepted() == 3);
  CHECK(fake.server().requests_total() == 0);
  fake.server().set_mode(misbehaviour::normal);
  line_client c(fake.port());
  CHECK(c.request("NETVER") == "1.3");
}

TEST_CASE("slow: each reply comes no sooner than the delay after its request") {
  fake_upsd fake(small_server());
  fake.server().set_slow_delay(300ms);
  fake.server().set_mode(misbehaviour::slow);
  line_client c(fake.port());
  const auto start = std::chrono::steady_clock::now();
  c.send("VER\nNETVER");
  CHECK(c.read_line().has_value());
  CHECK(c.read_line() == "1.3");
  CHECK(std::chrono::steady_clock::now() - start >= 300ms);
}

TEST_CASE("misbehaviour names read back") {
  for (auto m : {misbehaviour::normal, misbehaviour::garbage, misbehaviour::stall,
                 misbehaviour::long_line, misbehaviour::close_on_accept, misbehaviour::slow}) {
    CHECK(parse_misbehaviour(misbehaviour_name(m)) == m);
  }
  CHECK(parse_misbehaviour("long-line") == misbehaviour::long_line);
  CHECK_FALSE(parse_misbehaviour("sleepy").has_value());
}

TEST_CASE("garbage lines are deterministic for a seed and printable") {
  random_source a(5), b(5);
  for (int i = 0; i < 50; ++i) {
    auto line = garbage_line(a);
    CHECK(line == garbage_line(b));
    CHECK(line.back() == '\n');
    for (std::size_t j = 0; j + 1 < line.size(); ++j)
      CHECK((line[j] >= 0x20 && line[j] < 0x7f));
  }
}
