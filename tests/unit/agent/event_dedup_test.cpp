#include "shutdown-agent/logic/event_dedup.hpp"

#include <doctest/doctest.h>

#include "shutdown-agent/processes/shutdown_sequence.hpp"

using namespace nutmqtt::agent;
using namespace std::chrono_literals;

TEST_CASE("the same (bridge, boot, seq) is acted on once - a new boot starts afresh") {
  event_dedup d;
  CHECK(d.first_time("home", "b1", 1));
  CHECK_FALSE(d.first_time("home", "b1", 1));
  CHECK(d.first_time("home", "b1", 2));
  CHECK(d.first_time("home", "b2", 1));
  CHECK(d.first_time("other", "b1", 1));
  CHECK_FALSE(d.first_time("home", "b2", 1));
}

TEST_CASE("dedup memory stays bounded") {
  event_dedup d;
  for (std::uint64_t i = 0; i < 2 * event_dedup::kMaxPerRun; ++i)
    CHECK(d.first_time("home", "b", i));
  CHECK(d.first_time("home", "b", 0));  // long forgotten
  CHECK_FALSE(d.first_time("home", "b", 2 * event_dedup::kMaxPerRun - 1));
  for (std::size_t i = 0; i < event_dedup::kMaxRuns + 1; ++i)
    d.first_time("home", "boot" + std::to_string(i), 1);
  CHECK(d.first_time("home", "boot0", 1));
}

TEST_CASE("the shutdown sequence starts once and runs its command exactly once") {
  const time_point t0{};
  shutdown_sequence s(5s);
  CHECK_FALSE(s.active());
  CHECK(s.begin("first", t0));
  CHECK_FALSE(s.begin("second", t0 + 1s));
  CHECK(s.reason() == "first");
  CHECK(s.command_due() == t0 + 5s);
  CHECK_FALSE(s.take_command(t0 + 4s));
  CHECK(s.take_command(t0 + 5s));
  CHECK_FALSE(s.take_command(t0 + 6s));
  CHECK_FALSE(s.command_due());
  CHECK(s.command_taken());
}
