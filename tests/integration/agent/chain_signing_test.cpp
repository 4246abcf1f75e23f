// Signed events and states on the whole chain: the bridge signs, the agent verifies.

#include <doctest/doctest.h>

#include "common/event_message.hpp"
#include "common/signing.hpp"
#include "common/state_message.hpp"
#include "e2e_fixture.hpp"

using namespace nutmqtt;
using namespace nutmqtt::test;

namespace {

constexpr const char* kKey = "0123456789abcdef0123456789abcdef";

// The bridge signs and the agent checks with the same key, in files only their owner reads.
struct signed_chain {
  temp_dir keys;
  std::unique_ptr<chain_fixture> chain;

  explicit signed_chain(std::string rules = kChainRules) {
    auto key = keys.write("nutmqtt.key", std::string(kKey) + "\n");
    chain_options o;
    o.agent.rules = std::move(rules);
    o.agent.extra = "security: { verify_key_file: " + key.string() + ", max_skew: 2s }\n";
    o.bridge_extra = "security: { sign_key_file: " + key.string() + " }\n";
    chain = std::make_unique<chain_fixture>(o);
  }
  agent_fixture& agent() { return chain->agent(); }
};

common::event_message fake_event(common::event_type type, std::uint64_t seq) {
  common::event_message e;
  e.type = type;
  e.ups = "nas";
  e.status = "FSD OB LB";
  e.time = common::wall_clock::now();
  e.bridge = "home";
  e.seq = seq;
  e.boot = "forged";
  return e;
}

}  // namespace

TEST_CASE("signed chain: the bridge's signed events act, forged and unsigned ones do not") {
  signed_chain s;
  auto& a = s.agent();
  CHECK(a.agent().wait_for_log("acting only on signed events and states", 1s));
  a.publish("ups/nas/event", common::to_json(fake_event(common::event_type::fsd, 1)), false);
  a.publish("ups/nas/event",
            common::sign_payload(common::to_json(fake_event(common::event_type::fsd, 2)),
                                 common::secret("not the key, but just as long....")),
            false);
  REQUIRE(a.agent().wait_for_log("ignoring FSD (seq 1): it is not signed", 10s));
  REQUIRE(a.agent().wait_for_log("ignoring FSD (seq 2): its signature does not match", 10s));
  CHECK(a.shutdowns() == 0);
  s.chain->set_status("OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|nas|ONBATT|"));
  CHECK(a.agent().log().find(kKey) == std::string::npos);
  CHECK(a.shutdowns() == 0);
}

TEST_CASE("signed chain: replayed and stale events and states are refused") {
  signed_chain s(R"(
  - { at: ONBATT, ups: "*", execute: onbatt }
  - { at: ONLINE, ups: "*", execute: power-on }
)");
  auto& a = s.agent();
  s.chain->set_status("OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|"));
  const auto onbatt_event = a.probe().messages_on("ups/nas/event").back().payload;
  const auto onbatt_state = *a.probe().latest("ups/nas/state");
  REQUIRE(common::verify_payload(onbatt_event, common::secret(kKey)));
  s.chain->set_status("OL CHRG");
  REQUIRE(a.wait_for_call("power-on|"));
  // Recorded during the outage, sent again after it: older than what the agent knows.
  a.publish("ups/nas/event", onbatt_event, false);
  REQUIRE(a.agent().wait_for_log("ignoring ONBATT (seq 1): it is older", 10s));
  a.publish("ups/nas/state", onbatt_state, true);
  REQUIRE(a.agent().wait_for_log("ignoring a state: it is older", 10s));
  // A new agent, knowing nothing, and the recorded state as the retained one: stale.
  a.agent().stop();
  std::filesystem::remove(a.dir() / "run/shutdown-agent.state");
  std::this_thread::sleep_for(2500ms);  // past max_skew
  a.publish("ups/nas/state", onbatt_state, true);
  a.start_agent();
  REQUIRE(a.agent().wait_for_log("ignoring a state: it is stale", 10s));
  a.publish("ups/nas/event", onbatt_event, false);
  REQUIRE(a.agent().wait_for_log("ignoring ONBATT (seq 1): it is stale", 10s));
  CHECK(a.calls_starting("onbatt|") == 1);
  // The bridge's next state is fresh and signed: it acts.
  s.chain->set_status("OB DISCHRG");
  REQUIRE(wait_until([&] { return a.calls_starting("onbatt|") == 2; }, 15s));
}

TEST_CASE("signed chain: a fake offline starts a loss, the bridge's next signed state ends it") {
  signed_chain s;
  auto& a = s.agent();
  a.publish("ups/_bridge/home/availability", "offline");
  REQUIRE(a.wait_for_action("timer_started", "timer", "upsgone"));
  // A forged state, published now, proves nothing.
  common::state_message forged;
  forged.ups = "nas";
  forged.status = "OL";
  forged.flags = {"OL"};
  forged.time = common::wall_clock::now();
  forged.bridge = "home";
  forged.boot = "forged";
  a.publish("ups/nas/state",
            common::sign_payload(common::to_json(forged),
                                 common::secret("not the key, but just as long....")),
            false);
  REQUIRE(a.agent().wait_for_log("ignoring a state: its signature does not match", 10s));
  CHECK(a.agent().count_in_log("\"action\":\"commok\"") == 0);
  // Something changes on the UPS: the bridge's signed state, published now, proves it alive.
  s.chain->nut().set_var("dummy", "battery.charge", "93");
  REQUIRE(a.wait_for_action("timer_cancelled", "timer", "upsgone"));
  CHECK(a.agent().count_in_log("\"action\":\"commok\"") == 1);
  CHECK(a.shutdowns() == 0);
}
