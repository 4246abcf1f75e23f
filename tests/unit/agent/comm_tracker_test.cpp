#include "shutdown-agent/comm_tracker.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::agent;
using namespace std::chrono_literals;

namespace {
const time_point t0{};
}

TEST_CASE("one COMMBAD per loss, whichever source says it first, one COMMOK when all end") {
  comm_tracker c;
  CHECK_FALSE(c.note_bridge("nas", "home", t0));
  auto bad = c.set("nas", comm_source::availability, true, t0);
  REQUIRE(bad);
  CHECK(bad->lost);
  CHECK(bad->source == comm_source::availability);
  CHECK(c.lost_since("nas") == t0);
  // The bridge's own COMMBAD and its going offline are the same loss.
  CHECK_FALSE(c.set("nas", comm_source::bridge_event, true, t0 + 1s));
  CHECK(c.bridge_availability("home", false, t0 + 2s).empty());
  CHECK(c.lost_since("nas") == t0);
  CHECK_FALSE(c.set("nas", comm_source::bridge_event, false, t0 + 3s));
  CHECK_FALSE(c.set("nas", comm_source::availability, false, t0 + 3s));
  // The bridge back is not yet the UPS polled: a restarted bridge that cannot reach upsd says
  // so only once its first poll fails.
  CHECK(c.bridge_availability("home", true, t0 + 4s).empty());
  CHECK(c.lost_since("nas") == t0);
  auto ok = c.polled("nas", t0 + 5s);
  REQUIRE(ok);
  CHECK_FALSE(ok->lost);
  CHECK_FALSE(c.lost("nas"));
  CHECK_FALSE(c.lost_since("nas"));
}

TEST_CASE("a bridge going offline affects only its own UPSes, also when learnt later") {
  comm_tracker c;
  c.note_bridge("a", "one", t0);
  c.note_bridge("b", "two", t0);
  auto changes = c.bridge_availability("one", false, t0);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].ups == "a");
  CHECK(changes[0].source == comm_source::bridge);
  auto late = c.note_bridge("c", "one", t0 + 1s);
  REQUIRE(late);
  CHECK(late->lost);
}

TEST_CASE("losing the broker is a loss for every known UPS until each is heard again") {
  comm_tracker c;
  auto lost = c.broker_lost({"a", "b"}, t0);
  CHECK(lost.size() == 2);
  auto a = c.heard("a", t0 + 1s);
  REQUIRE(a);
  CHECK_FALSE(a->lost);
  CHECK_FALSE(c.heard("a", t0 + 2s));
  auto rest = c.settle(t0 + 5s);
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].ups == "b");
}

TEST_CASE("a UPS whose source retains a state stays lost after the settle until heard") {
  comm_tracker c;
  c.set("a", comm_source::state, false, t0);
  c.broker_lost({"a"}, t0 + 1s);
  CHECK(c.settle(t0 + 5s).empty());
  CHECK(c.lost("a"));
  CHECK(c.lost_since("a") == t0 + 1s);
  auto back = c.heard("a", t0 + 6s);
  REQUIRE(back);
  CHECK_FALSE(back->lost);
}

TEST_CASE("a UPS still offline after the broker returns stays lost, without a flap") {
  comm_tracker c;
  c.set("a", comm_source::availability, true, t0);
  CHECK(c.broker_lost({"a"}, t0 + 1s).empty());
  CHECK_FALSE(c.heard("a", t0 + 2s));
  CHECK(c.lost("a"));
  CHECK(c.lost_since("a") == t0);
}
