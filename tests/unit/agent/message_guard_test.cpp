#include "shutdown-agent/logic/message_guard.hpp"

#include <doctest/doctest.h>

#include "common/signing.hpp"

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace std::chrono_literals;

namespace {

const common::wall_clock::time_point w0 = *common::parse_time("2026-11-24T10:00:00Z");
const common::secret kKey("0123456789abcdef0123456789abcdef");

common::event_message event(std::uint64_t seq, common::wall_clock::time_point t,
                            std::string boot = "b1") {
  common::event_message e;
  e.type = common::event_type::onbatt;
  e.ups = "nas";
  e.status = "OB";
  e.time = t;
  e.bridge = "home";
  e.seq = seq;
  e.boot = std::move(boot);
  return e;
}

common::state_message state(common::wall_clock::time_point t, std::string boot = "b1") {
  common::state_message s;
  s.ups = "nas";
  s.status = "OB";
  s.flags = {"OB"};
  s.time = t;
  s.bridge = "home";
  s.boot = std::move(boot);
  return s;
}

// What the bridge would publish, signed with `key`.
std::string signed_json(const common::event_message& e, const common::secret& key = kKey) {
  return common::sign_payload(common::to_json(e), key);
}
std::string signed_json(const common::state_message& s, const common::secret& key = kKey) {
  return common::sign_payload(common::to_json(s), key);
}

message_guard signing_guard() {
  return message_guard(guard_settings{kKey, 30s});
}

}  // namespace

TEST_CASE("without a key every event passes, and only overtaken states are dropped") {
  message_guard g(guard_settings{});
  CHECK_FALSE(g.signing());
  auto e = event(1, w0 - 1h);
  CHECK(g.check_event(common::to_json(e), e, w0).accepted);
  auto newer = state(w0);
  CHECK(g.check_state(common::to_json(newer), newer, w0).accepted);
  auto same = g.check_state(common::to_json(newer), newer, w0 + 1s);
  CHECK(same.accepted);
  CHECK(same.repeat);
  auto older = state(w0 - 5s);
  auto v = g.check_state(common::to_json(older), older, w0);
  CHECK_FALSE(v.accepted);
  CHECK(v.why.find("older") != std::string::npos);
  // Another bridge run starts its own history.
  auto other_run = state(w0 - 5s, "b2");
  CHECK(g.check_state(common::to_json(other_run), other_run, w0).accepted);
}

TEST_CASE("signed mode: a fresh, correctly signed event acts - forged and unsigned ones do not") {
  auto g = signing_guard();
  auto e = event(1, w0);
  CHECK(g.check_event(signed_json(e), e, w0 + 1s).accepted);
  auto unsigned_event = event(2, w0 + 1s);
  auto v = g.check_event(common::to_json(unsigned_event), unsigned_event, w0 + 1s);
  CHECK_FALSE(v.accepted);
  CHECK(v.why == "it is not signed");
  CHECK(v.reason == refusal::not_signed);
  auto forged = event(3, w0 + 1s);
  v = g.check_event(signed_json(forged, common::secret("a different key of 32 bytes....")), forged,
                    w0 + 1s);
  CHECK_FALSE(v.accepted);
  CHECK(v.why.find("signature does not match") != std::string::npos);
  CHECK(refusal_name(v.reason) == "bad signature");
  // States are checked the same way.
  auto s = state(w0 + 1s);
  CHECK(g.check_state(common::to_json(s), s, w0 + 1s).reason == refusal::not_signed);
  CHECK(g.check_state(signed_json(s, common::secret("a different key of 32 bytes....")), s, w0 + 1s)
            .reason == refusal::bad_signature);
  CHECK(g.check_state(signed_json(s), s, w0 + 1s).accepted);
  // A signed payload changed on the way is a forgery too.
  auto tampered = signed_json(event(4, w0 + 1s));
  tampered.replace(tampered.find("\"OB\""), 4, "\"OL\"");
  CHECK_FALSE(g.check_event(tampered, event(4, w0 + 1s), w0 + 1s).accepted);
}

TEST_CASE("signed mode: stale, future and replayed payloads are refused") {
  auto g = signing_guard();
  auto stale = event(1, w0 - 31s, "old");
  auto v = g.check_event(signed_json(stale), stale, w0);
  CHECK_FALSE(v.accepted);
  CHECK(v.why.find("stale: 31s old, more than max_skew 30s") != std::string::npos);
  CHECK(v.reason == refusal::stale);
  auto ahead = event(2, w0 + 31s);
  v = g.check_event(signed_json(ahead), ahead, w0);
  CHECK_FALSE(v.accepted);
  CHECK(v.why.find("ahead of this host's clock") != std::string::npos);
  CHECK(v.reason == refusal::ahead);
  auto first = event(3, w0);
  REQUIRE(g.check_event(signed_json(first), first, w0).accepted);
  auto later = event(4, w0 + 10s);
  REQUIRE(g.check_event(signed_json(later), later, w0 + 10s).accepted);
  // A recorded earlier event of the same UPS, sent again: older than what is known.
  v = g.check_event(signed_json(first), first, w0 + 11s);
  CHECK_FALSE(v.accepted);
  CHECK(v.why.find("older") != std::string::npos);
  auto old_state = state(w0 + 5s);
  CHECK_FALSE(g.check_state(signed_json(old_state), old_state, w0 + 11s).accepted);
}

TEST_CASE("signed mode: a run heard live may deliver late, the same state may come again") {
  auto g = signing_guard();
  auto s = state(w0);
  REQUIRE(g.check_state(signed_json(s), s, w0).accepted);
  // The bridge queued this event while the broker was down; it arrives 2 minutes late.
  auto queued = event(5, w0 + 10s);
  CHECK(g.check_event(signed_json(queued), queued, w0 + 130s).accepted);
  // After a reconnect the broker hands over the retained state again: the same one.
  auto again = g.check_state(signed_json(s), s, w0 + 10min);
  CHECK(again.accepted);
  CHECK(again.repeat);
  // A state of a run never heard live, old: refused.
  auto other = state(w0 + 20s, "b9");
  CHECK_FALSE(g.check_state(signed_json(other), other, w0 + 10min).accepted);
}

TEST_CASE("signed mode: what the guard knows survives a restart through the state file") {
  auto g = signing_guard();
  auto s = state(w0);
  REQUIRE(g.check_state(signed_json(s), s, w0).accepted);
  auto saved = g.save();
  auto restarted = signing_guard();
  restarted.restore(saved);
  // The retained state, an hour later, is the one already accepted.
  auto v = restarted.check_state(signed_json(s), s, w0 + 1h);
  CHECK(v.accepted);
  CHECK(v.repeat);
  // A fresh guard would refuse it as stale.
  auto fresh = signing_guard();
  CHECK_FALSE(fresh.check_state(signed_json(s), s, w0 + 1h).accepted);
  // Damage is skipped, not thrown.
  auto damaged = signing_guard();
  damaged.restore(nlohmann::json::parse(
      R"({"live_runs":[{"bridge":5},"x"],"ups":{"nas":{"state_time":7,"state_boot":[]}}})"));
  CHECK_FALSE(damaged.check_state(signed_json(s), s, w0 + 1h).accepted);
}
