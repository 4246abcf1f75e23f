// One fake serving 1,000 realistic UPSes over 10 ports, measurements drifting, answering
// pipelined polls of every UPS on every port.

#include <doctest/doctest.h>

#include "fake_fixture.hpp"
#include "fake_upsd/realistic_ups.hpp"

using namespace nutmqtt::fake_upsd;
using nutmqtt::test::line_client;
using namespace std::chrono_literals;

namespace {

constexpr int kServers = 10;
constexpr int kUpsPerServer = 100;

std::string name_of(int server, int ups) {
  return "ups" + std::to_string(1000 + server * kUpsPerServer + ups).substr(1);
}

fake_upsd_options thousand_ups() {
  fake_upsd_options options;
  options.drift_interval = 100ms;
  for (int s = 0; s < kServers; ++s) {
    server_options server;
    for (int u = 0; u < kUpsPerServer; ++u)
      server.ups.push_back(realistic_ups(name_of(s, u), static_cast<std::uint64_t>(s * 1000 + u)));
    options.servers.push_back(std::move(server));
  }
  return options;
}

}  // namespace

TEST_CASE("1,000 UPSes over 10 ports answer pipelined polls") {
  fake_upsd fake(thousand_ups());
  REQUIRE(fake.server_count() == kServers);
  std::size_t variables = 0;
  for (int s = 0; s < kServers; ++s) {
    CAPTURE(s);
    line_client c(fake.port(static_cast<std::size_t>(s)), 20s);
    std::string statuses;
    std::string lists;
    for (int u = 0; u < kUpsPerServer; ++u) {
      statuses += "GET VAR " + name_of(s, u) + " ups.status\n";
      lists += "LIST VAR " + name_of(s, u) + "\n";
    }
    statuses.pop_back();
    lists.pop_back();
    c.send(statuses);
    int answered = 0;
    for (int u = 0; u < kUpsPerServer; ++u)
      answered += c.read_line() == "VAR " + name_of(s, u) + " ups.status \"OL\"" ? 1 : 0;
    CHECK(answered == kUpsPerServer);

    c.send(lists);
    int lists_done = 0;
    for (int line_count = 0; line_count < kUpsPerServer * 100 && lists_done < kUpsPerServer;
         ++line_count) {
      auto line = c.read_line();
      REQUIRE(line.has_value());
      if (line->starts_with("VAR ")) ++variables;
      if (line->starts_with("END LIST VAR ")) ++lists_done;
    }
    CHECK(lists_done == kUpsPerServer);
    CHECK(fake.server(static_cast<std::size_t>(s)).requests("GET VAR") == kUpsPerServer);
  }
  CHECK(variables >= static_cast<std::size_t>(kServers * kUpsPerServer * 60));
  CHECK(fake.server(9).var(name_of(9, 99), "ups.status") == "OL");
}
