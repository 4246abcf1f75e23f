#include "differential/play.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::differential;

TEST_CASE("broker drops are read from mosquitto's log: each until the client's next connect") {
  const std::string log =
      "100: New client connected from 127.0.0.1:1 as nutmqtt-agent-diff (p2, c0, k5).\n"
      "110: mosquitto version 2.0.11 terminating\n"
      "118: New client connected from 127.0.0.1:2 as nutmqtt-agent-diff (p2, c0, k5).\n"
      "118: Client nutmqtt-agent-diff disconnected due to malformed packet.\n"
      "118: Client nutmqtt-bridge-diff disconnected due to malformed packet.\n"
      "119: New client connected from 127.0.0.1:3 as nutmqtt-bridge-diff (p2, c1, k5).\n"
      "120: New client connected from 127.0.0.1:4 as nutmqtt-agent-diff (p2, c0, k5).\n"
      "130: Client nutmqtt-agent-diff has exceeded timeout, disconnecting.\n"
      "135: Client nutmqtt-agent-diff closed its connection.\n"
      "140: mosquitto version 2.0.11 terminating\n";
  const auto drops = broker_drops(log, "nutmqtt-agent-diff");
  REQUIRE(drops.size() == 2);
  CHECK(drops[0].start == 118);
  CHECK(drops[0].end == 121);
  CHECK(drops[0].why == "disconnected due to malformed packet.");
  CHECK(drops[1].start == 130);
  CHECK(drops[1].end == 141);  // never back: until the log ends
  CHECK(
      broker_drops("120: Client nutmqtt-agent-diff closed its connection.\n", "nutmqtt-agent-diff")
          .empty());
}
