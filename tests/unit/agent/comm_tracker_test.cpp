#include "shutdown-agent/logic/comm_tracker.hpp"

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

// Two bridges publish "nas" (active-active); each says on <base>/nas/availability/<bridge>
// whether it can poll it.
namespace {
comm_tracker two_bridges() {
  comm_tracker c;
  c.note_bridge("nas", "a", t0);
  c.bridge_availability("a", true, t0);
  c.bridge_availability("b", true, t0);
  c.bridge_reach("nas", "a", true, t0);
  c.bridge_reach("nas", "b", true, t0);
  return c;
}
}  // namespace

TEST_CASE("with two bridges, one that loses the UPS is no loss while the other polls it") {
  auto c = two_bridges();
  // Bridge a loses the NAS: its own availability, its COMMBAD, even an aggregate "offline"
  // that raced ahead of b's word.
  CHECK_FALSE(c.bridge_reach("nas", "a", false, t0 + 1s));
  CHECK_FALSE(c.bridge_event("nas", "a", true, t0 + 1s));
  CHECK_FALSE(c.set("nas", comm_source::availability, true, t0 + 1s));
  CHECK_FALSE(c.lost("nas"));
  CHECK(c.heard_by_a_bridge("nas"));
  CHECK_FALSE(c.failed_poll_since("nas"));
  // Then b loses it too: the loss, and its failed poll, begin now, not when a lost it.
  auto bad = c.bridge_reach("nas", "b", false, t0 + 30s);
  REQUIRE(bad);
  CHECK(bad->lost);
  CHECK(c.lost_since("nas") == t0 + 30s);
  CHECK(c.failed_poll_since("nas") == t0 + 30s);
  CHECK_FALSE(c.bridge_event("nas", "b", true, t0 + 30s));
  // One of them polls it again: COMMOK.
  auto ok = c.bridge_reach("nas", "a", true, t0 + 40s);
  REQUIRE(ok);
  CHECK_FALSE(ok->lost);
  CHECK_FALSE(c.lost("nas"));
}

TEST_CASE("with two bridges, a dead one is no loss while the other polls the UPS") {
  auto c = two_bridges();
  // a publishes the UPS's state (noted), then dies: its last will.
  CHECK(c.bridge_availability("a", false, t0 + 1s).empty());
  CHECK_FALSE(c.lost("nas"));
  // b dies too: lost from then.
  auto changes = c.bridge_availability("b", false, t0 + 20s);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].lost);
  CHECK(c.lost_since("nas") == t0 + 20s);
  // a comes back: what it said before it died is old; it must say again that it polls.
  CHECK(c.bridge_availability("a", true, t0 + 25s).empty());
  CHECK(c.lost("nas"));
  auto ok = c.bridge_reach("nas", "a", true, t0 + 26s);
  REQUIRE(ok);
  CHECK_FALSE(ok->lost);
}

TEST_CASE("a bridge's COMMBAD takes it out of the bridges that hear the UPS until it polls again") {
  auto c = two_bridges();
  CHECK_FALSE(c.bridge_event("nas", "a", true, t0 + 1s));
  // Its availability topic still says "online" (a failed poll it has not yet counted): b's
  // say alone keeps the UPS heard.
  CHECK_FALSE(c.lost("nas"));
  auto bad = c.bridge_event("nas", "b", true, t0 + 5s);
  REQUIRE(bad);
  CHECK(bad->lost);
  // A good poll of a (a live state or event of its poll) ends its COMMBAD: heard again.
  auto ok = c.polled_by("nas", "a", t0 + 8s);
  REQUIRE(ok);
  CHECK_FALSE(ok->lost);
}

TEST_CASE("no bridge's word makes up for the agent's own broker or a cleared state") {
  auto c = two_bridges();
  auto lost = c.broker_lost({"nas"}, t0 + 1s);
  REQUIRE(lost.size() == 1);
  CHECK(c.lost("nas"));
  CHECK_FALSE(c.bridge_reach("nas", "b", true, t0 + 2s));
  CHECK(c.lost("nas"));
  REQUIRE(c.heard("nas", t0 + 3s));
  CHECK_FALSE(c.lost("nas"));
  auto cleared = c.set("nas", comm_source::state, true, t0 + 4s);
  REQUIRE(cleared);
  CHECK(cleared->lost);
}

TEST_CASE("a retained online of a bridge already offline does not count, nor a cleared one") {
  comm_tracker c;
  c.note_bridge("nas", "a", t0);
  c.bridge_availability("b", false, t0);
  c.bridge_reach("nas", "b", true, t0);
  auto bad = c.set("nas", comm_source::availability, true, t0 + 1s);
  REQUIRE(bad);
  CHECK(bad->lost);
  // b back online with nothing new: still not heard.
  CHECK(c.bridge_availability("b", true, t0 + 2s).empty());
  CHECK(c.lost("nas"));
  // It says it polls: heard; then its topic is cleared (b no longer has the UPS): lost again.
  REQUIRE(c.bridge_reach("nas", "b", true, t0 + 3s));
  CHECK_FALSE(c.lost("nas"));
  auto again = c.bridge_reach("nas", "b", std::nullopt, t0 + 4s);
  REQUIRE(again);
  CHECK(again->lost);
}

TEST_CASE("bridges that say they hear a UPS are bounded, and only tracked UPSes count") {
  comm_tracker c;
  CHECK_FALSE(c.bridge_reach("unknown", "x", true, t0));
  CHECK_FALSE(c.heard_by_a_bridge("unknown"));
  c.note_bridge("nas", "a", t0);
  for (std::size_t i = 0; i < comm_tracker::kMaxBridgesPerUps; ++i)
    c.bridge_reach("nas", "filler" + std::to_string(i), false, t0);
  // One more is not kept: it cannot make the UPS heard.
  CHECK_FALSE(c.bridge_reach("nas", "late", true, t0));
  CHECK_FALSE(c.heard_by_a_bridge("nas"));
}
