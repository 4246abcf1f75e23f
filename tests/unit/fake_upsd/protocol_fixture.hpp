#pragma once
// A server's protocol state with one small, known UPS, and a client connection to ask it
// things: the protocol without sockets.

#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "fake_upsd/command_handler.hpp"
#include "fake_upsd/request_parser.hpp"

namespace nutmqtt::fake_upsd::testing {

inline ups_model small_ups() {
  ups_model u("dummy", R"(Test "UPS" #1)");
  u.set("battery.charge", "100");
  u.set("ups.load", "23");
  u.set("ups.alarm", R"(say "hi" \ #1)");
  u.define(variable{"ups.status", "OL", true, 32, {}, {}});
  u.define(variable{"ups.delay.start", "30", true, 10, {}, {}});
  u.define(variable{"input.sensitivity", "normal", true, {}, {"low", "normal", "high"}, {}});
  u.define(variable{"battery.charge.low", "10", true, {}, {}, {{5, 50}, {60, 70}}});
  u.add_command("load.off");
  u.add_command("beeper.on");
  return u;
}

struct protocol {
  server_state state;
  connection_state conn{"127.0.0.1", {}, {}, {}, false, false};
  reply last;

  protocol() { state.ups.add(small_ups()); }

  // The reply text to one request line.
  std::string ask(std::string_view line) {
    request_parser parser;
    auto requests = parser.feed(std::string(line) + "\n");
    REQUIRE(requests.size() == 1);
    last = handle_request(requests[0].words, conn, state);
    return last.text;
  }

  void login_as(std::string_view user, std::string_view password) {
    REQUIRE(ask("USERNAME " + std::string(user)) == "OK\n");
    REQUIRE(ask("PASSWORD " + std::string(password)) == "OK\n");
  }
};

}  // namespace nutmqtt::fake_upsd::testing
