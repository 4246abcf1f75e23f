#include "bridge/peer_bridges.hpp"

#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

using nutmqtt::bridge::peer_bridges;

namespace {

std::string info_of(const std::string& bridge, const std::string& ups_ids_json) {
  return fmt::format(R"({{"bridge":"{}","servers":[{{"server":"nas:3493","ups":[{}]}}]}})", bridge,
                     ups_ids_json);
}

}  // namespace

TEST_CASE("a UPS another online bridge lists is left to it") {
  peer_bridges peers("beta");
  CHECK_FALSE(peers.another_has("nas"));
  CHECK(peers.on_info("alpha", info_of("alpha", R"({"id":"nas"},{"id":"garage"})")));
  // Listed, but its bridge has not said it is online.
  CHECK_FALSE(peers.another_has("nas"));
  peers.on_availability("alpha", true);
  CHECK(peers.another_has("nas"));
  CHECK(peers.another_has("garage"));
  CHECK_FALSE(peers.another_has("pi-ups"));
  peers.on_availability("alpha", false);
  CHECK_FALSE(peers.another_has("nas"));
  // A new info replaces the old list; a cleared one empties it.
  peers.on_availability("alpha", true);
  CHECK(peers.on_info("alpha", info_of("alpha", R"({"id":"garage"})")));
  CHECK_FALSE(peers.another_has("nas"));
  CHECK(peers.on_info("alpha", ""));
  CHECK_FALSE(peers.another_has("garage"));
}

TEST_CASE("this bridge's own topics are not a peer") {
  peer_bridges peers("alpha");
  peers.on_availability("alpha", true);
  CHECK(peers.on_info("alpha", info_of("alpha", R"({"id":"nas"})")));
  CHECK_FALSE(peers.another_has("nas"));
  CHECK(peers.answers_for_unknown());
}

TEST_CASE("the first online bridge in id order answers for a UPS nobody has") {
  peer_bridges beta("beta");
  CHECK(beta.answers_for_unknown());  // alone
  beta.on_availability("gamma", true);
  CHECK(beta.answers_for_unknown());  // comes after
  beta.on_availability("alpha", true);
  CHECK_FALSE(beta.answers_for_unknown());
  beta.on_availability("alpha", false);
  CHECK(beta.answers_for_unknown());
}

TEST_CASE("an info that is not a bridge's info is refused and forgets the peer's list") {
  peer_bridges peers("beta");
  peers.on_availability("alpha", true);
  CHECK(peers.on_info("alpha", info_of("alpha", R"({"id":"nas"})")));
  for (const auto* bad : {"not json", "[]", R"({"servers":7})", "{\"servers\":[", "\xff\xfe"}) {
    CAPTURE(bad);
    CHECK_FALSE(peers.on_info("alpha", bad));
    CHECK_FALSE(peers.another_has("nas"));
    CHECK(peers.on_info("alpha", info_of("alpha", R"({"id":"nas"})")));
  }
  // Odd entries inside a good document are skipped, not fatal.
  CHECK(peers.on_info("alpha", info_of("alpha", R"(7,{"id":3},{"name":"x"},{"id":"nas"})")));
  CHECK(peers.another_has("nas"));
}

TEST_CASE("peers and their ids are bounded, whatever is published") {
  peer_bridges peers("self");
  for (std::size_t i = 0; i < peer_bridges::kMaxPeers + 10; ++i) {
    const auto id = fmt::format("zz{:04}", i);
    peers.on_availability(id, true);
    peers.on_info(id, info_of(id, fmt::format(R"({{"id":"ups{}"}})", i)));
  }
  CHECK(peers.another_has("ups0"));
  CHECK_FALSE(peers.another_has(fmt::format("ups{}", peer_bridges::kMaxPeers + 5)));
  std::string many;
  for (std::size_t i = 0; i < peer_bridges::kMaxIdsPerPeer + 5; ++i)
    many += fmt::format("{}{{\"id\":\"u{}\"}}", i == 0 ? "" : ",", i);
  peer_bridges big("self");
  big.on_availability("other", true);
  CHECK(big.on_info("other", info_of("other", many)));
  CHECK(big.another_has("u0"));
  CHECK_FALSE(big.another_has(fmt::format("u{}", peer_bridges::kMaxIdsPerPeer + 1)));
}

TEST_CASE("another bridge reaches a UPS only while it is online and says it can poll it") {
  peer_bridges peers("beta");
  CHECK_FALSE(peers.another_reaches("nas"));
  peers.on_reach("nas", "alpha", true);
  // Its per-UPS topic is retained: without its own availability it may be a dead bridge's.
  CHECK_FALSE(peers.another_reaches("nas"));
  peers.on_availability("alpha", true);
  CHECK(peers.another_reaches("nas"));
  CHECK_FALSE(peers.another_reaches("garage"));
  peers.on_reach("nas", "alpha", false);
  CHECK_FALSE(peers.another_reaches("nas"));
  peers.on_reach("nas", "alpha", true);
  CHECK(peers.another_reaches("nas"));
  // Its last will: what its per-UPS topics last said no longer counts.
  peers.on_availability("alpha", false);
  CHECK_FALSE(peers.another_reaches("nas"));
  peers.on_availability("alpha", true);
  CHECK(peers.another_reaches("nas"));
  // Cleared: forgotten.
  peers.on_reach("nas", "alpha", std::nullopt);
  CHECK_FALSE(peers.another_reaches("nas"));
  // This bridge's own topics are not another bridge's say.
  peers.on_availability("beta", true);
  peers.on_reach("nas", "beta", true);
  CHECK_FALSE(peers.another_reaches("nas"));
}

TEST_CASE("what peers say they reach is bounded per peer") {
  peer_bridges peers("self");
  peers.on_availability("other", true);
  for (std::size_t i = 0; i < peer_bridges::kMaxIdsPerPeer + 5; ++i)
    peers.on_reach(fmt::format("u{}", i), "other", true);
  CHECK(peers.another_reaches("u0"));
  CHECK_FALSE(peers.another_reaches(fmt::format("u{}", peer_bridges::kMaxIdsPerPeer + 1)));
  // One already known still changes.
  peers.on_reach("u0", "other", false);
  CHECK_FALSE(peers.another_reaches("u0"));
}

TEST_CASE("of two bridges that have the same UPS, the online one first in id order runs commands") {
  peer_bridges beta("beta");
  CHECK(beta.on_info("alpha", info_of("alpha", R"({"id":"nas"})")));
  CHECK(beta.on_info("gamma", info_of("gamma", R"({"id":"nas"})")));
  CHECK_FALSE(beta.earlier_has("nas"));  // alpha not online yet
  beta.on_availability("gamma", true);
  CHECK_FALSE(beta.earlier_has("nas"));  // comes after
  beta.on_availability("alpha", true);
  CHECK(beta.earlier_has("nas"));
  CHECK_FALSE(beta.earlier_has("garage"));
  beta.on_availability("alpha", false);
  CHECK_FALSE(beta.earlier_has("nas"));
}
