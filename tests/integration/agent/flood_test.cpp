// The agent under a flood of hostile MQTT messages on a real broker: made-up UPS ids (states,
// availability, events), payloads built to hurt. It must stay small, keep acting on the real
// UPS, log a few lines rather than one per message, and stop when asked.

#include <csignal>
#include <fstream>
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "agent_fixture.hpp"
#include "support/bridge_messages.hpp"
#include "support/sanitized_build.hpp"

using namespace nutmqtt;
using namespace nutmqtt::test;
using common::event_type;
using namespace std::chrono_literals;

namespace {

// Resident memory of a process, from /proc (0 when it cannot be read).
std::size_t rss_kb(pid_t pid) {
  std::ifstream status(fmt::format("/proc/{}/status", pid));
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      std::size_t kb = 0;
      status >> kb;
      return kb;
    }
    status.ignore(1 << 16, '\n');
  }
  return 0;
}

}  // namespace

TEST_CASE("a flood of made-up UPS ids and hostile payloads: bounded, quiet, still acting" *
          doctest::skip(kSanitized)) {
  agent_options o;
  o.monitor = "[ { ups: nas, power_value: 1 }, { ups: \"*\", power_value: 0 } ]";
  o.extra = "limits: { max_ups: 50 }\n";
  o.rules = R"(
  - { at: ONBATT, ups: nas, execute: onbatt }
)";
  agent_fixture f(o);
  const pid_t pid = f.agent().process().pid();
  constexpr int kIds = 10000;
  for (int i = 0; i < kIds; ++i) {
    f.probe().publish(fmt::format("ups/fake{}/state", i),
                      made_up_state(fmt::format("fake{}", i), i), false, 0);
    f.probe().publish(fmt::format("ups/other{}/availability", i), i % 2 ? "offline" : "online",
                      false, 0);
    if (i % 10 == 0) {
      f.probe().publish(fmt::format("ups/_bridge/ghost{}/availability", i), "offline", false, 0);
    }
  }
  // Payloads built to hurt the parsers: big, deep, not UTF-8, numbers out of range.
  f.publish("ups/nas/event", std::string(1 << 20, '{'), false);
  f.publish("ups/nas/state", std::string(100000, '[') + std::string(100000, ']'), false);
  f.publish("ups/nas/event", "{\"event_type\":\"ONBATT\",\"ups\":\"n\xff\xfe\x1b[31m\"}", false);
  f.publish("ups/nas/event", R"({"event_type":"ONBATT","ups":"nas","seq":1e400})", false);
  // The real UPS still gets through, after all of it.
  f.publish_event(event_type::onbatt, "OB DISCHRG", 1);
  REQUIRE(f.wait_for_call("onbatt|nas|ONBATT|", 60s));
  CHECK(f.calls_starting("onbatt|") == 1);
  CHECK(f.shutdowns() == 0);  // power value 0: the made-up UPSes never count
  // Bounded: at most max_ups made-up ids tracked, memory within a generous limit.
  auto state = f.agent_state();
  REQUIRE(state.is_object());
  CHECK(state["monitored"].size() <= 50 + 2);
  const std::size_t kb = rss_kb(pid);
  MESSAGE("agent RSS after the flood: " << kb << " kB");
  CHECK(kb > 0);
  CHECK(kb < 64 * 1024);
  // Quiet: one line a minute per kind of problem, not one per message.
  CHECK(f.agent().count_in_log("UPS ids are tracked already") <= 2);
  CHECK(f.agent().log().size() < 2 * 1024 * 1024);
  // And it still stops when asked, by itself.
  CHECK(f.agent().process().stop(10s) == 0);
}

TEST_CASE("hostile text in topics and payloads: escaped, cut, one line per kind of problem") {
  agent_fixture f(agent_options{});
  // An event type with a terminal escape (valid JSON: \u001b), on topics whose UPS id carries
  // a right-to-left override; 3,000 of them, each different.
  const std::string rtl = "\xe2\x80\xae";
  for (int i = 0; i < 3000; ++i) {
    f.probe().publish(
        fmt::format("ups/x{}{}/event", i, rtl),
        fmt::format(R"({{"event_type":"\u001b[2J{}","ups":"x","time":"2026-11-24T10:00:00Z",)"
                    R"("bridge":"home","seq":1,"boot":"b"}})",
                    i),
        false, 0);
  }
  // 300 topics of 20,000 bytes.
  const std::string long_id(20000, 'u');
  for (int i = 0; i < 300; ++i)
    f.probe().publish(fmt::format("ups/{}{}/state", long_id, i), "garbage", false, 0);
  // After all of it, one more kind of problem: its line says the flood was read.
  f.publish("ups/nas/availability", "maybe", false);
  REQUIRE(f.agent().wait_for_log("ignoring an availability", 60s));
  const std::string log = f.agent().log();
  CHECK(f.agent().count_in_log("ignoring an invalid event") == 1);
  CHECK(f.agent().count_in_log("ignoring an invalid state") == 1);
  CHECK(log.find('\x1b') == std::string::npos);
  CHECK(log.find(rtl) == std::string::npos);
  CHECK(log.find(R"(unknown event_type "\x1B[2J)") != std::string::npos);
  CHECK(log.find("\\u{202E}/event") != std::string::npos);
  CHECK(log.find("...(200") != std::string::npos);  // the long topic, cut
  MESSAGE("agent log after the flood: " << log.size() << " bytes");
  CHECK(log.size() < 64 * 1024);
}
