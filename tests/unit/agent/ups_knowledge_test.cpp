#include "shutdown-agent/logic/ups_knowledge.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace std::chrono_literals;
using common::event_type;

namespace {

const common::wall_clock::time_point w0 = *common::parse_time("2026-11-24T10:00:00Z");

std::vector<event_type> types(const std::vector<learned_event>& events) {
  std::vector<event_type> out;
  for (const auto& e : events)
    out.push_back(e.type);
  return out;
}

}  // namespace

TEST_CASE("an event acts once per change of what is known, whoever repeats it") {
  ups_knowledge k;
  CHECK(k.learn_event("nas", event_type::onbatt, w0));
  CHECK_FALSE(k.learn_event("nas", event_type::onbatt, w0 + 5s));  // a restarted bridge
  CHECK(k.on_battery("nas") == true);
  CHECK(k.on_battery_since("nas") == w0);
  CHECK(k.learn_event("nas", event_type::lowbatt, w0 + 6s));
  CHECK(k.learn_event("nas", event_type::online, w0 + 7s));
  CHECK_FALSE(k.learn_event("nas", event_type::online, w0 + 8s));
  // Other UPSes are known apart; reminders and comm events are news every time.
  CHECK(k.learn_event("rack", event_type::online, w0));
  CHECK(k.learn_event("nas", event_type::replbatt, w0));
  CHECK(k.learn_event("nas", event_type::replbatt, w0));
  CHECK(k.learn_event("nas", event_type::commbad, w0));
  CHECK(k.learn_event("nas", event_type::alarm, w0));
  CHECK(k.learn_event("nas", event_type::alarm, w0));
  // A NOT... event about something never heard of is still what the bridge saw change.
  CHECK(k.learn_event("nas", event_type::notcal, w0));
  CHECK_FALSE(k.learn_event("nas", event_type::notcal, w0));
}

TEST_CASE("a state reveals the events of what changed, as of when it changed") {
  ups_knowledge k;
  // First sight: everything present is announced except being on line power.
  CHECK(k.learn_state("nas", {"OL", "CHRG"}, {}, w0).empty());
  CHECK(k.on_battery("nas") == false);
  std::map<std::string, common::wall_clock::time_point> since = {{"OB", w0 + 10s},
                                                                 {"LB", w0 + 20s}};
  auto out = k.learn_state("nas", {"OB", "LB", "DISCHRG"}, since, w0 + 25s);
  REQUIRE(types(out) == std::vector<event_type>{event_type::onbatt, event_type::lowbatt});
  CHECK(out[0].since == w0 + 10s);
  CHECK(out[1].since == w0 + 20s);
  // The same state again (a reconnect), or the bridge re-announcing: nothing new.
  CHECK(k.learn_state("nas", {"OB", "LB"}, since, w0 + 30s).empty());
  CHECK_FALSE(k.learn_event("nas", event_type::onbatt, w0 + 31s));
  CHECK_FALSE(k.learn_event("nas", event_type::lowbatt, w0 + 31s));
  // LB going away is no event; power back is ONLINE, as of since.OL or the state's time.
  auto back = k.learn_state("nas", {"OL", "CHRG"}, {{"OL", w0 + 40s}}, w0 + 41s);
  REQUIRE(types(back) == std::vector<event_type>{event_type::online});
  CHECK(back[0].since == w0 + 40s);
}

TEST_CASE("the line state is latched and the token pairs come and go") {
  ups_knowledge k;
  k.learn_state("nas", {"OL"}, {}, w0);
  // Neither OL nor OB: OFF is news, the line state is not.
  CHECK(types(k.learn_state("nas", {"OFF"}, {}, w0 + 1s)) ==
        std::vector<event_type>{event_type::off});
  CHECK(k.on_battery("nas") == false);
  CHECK(types(k.learn_state("nas", {"OL", "HE"}, {}, w0 + 2s)) ==
        std::vector<event_type>{event_type::notoff, event_type::eco});
  // OB wins over OL in a status that carries both, as in the bridge.
  CHECK(types(k.learn_state("nas", {"OL", "OB", "HE"}, {}, w0 + 3s)) ==
        std::vector<event_type>{event_type::onbatt});
  // A UPS never polled (empty status) teaches nothing.
  CHECK(k.learn_state("nas", {}, {}, w0 + 4s).empty());
  CHECK(k.on_battery("nas") == true);
}

TEST_CASE("what is known survives a save and a restore, damage aside") {
  ups_knowledge k;
  k.learn_state("nas", {"OB", "LB"}, {{"OB", w0}}, w0 + 1s);
  k.learn_state("rack", {"OL"}, {}, w0);
  auto saved = k.save();
  CHECK(saved["nas"]["OB"] == "2026-11-24T10:00:00.000Z");
  CHECK(saved["rack"]["OB"] == false);
  saved["bad/id"] = {{"OB", false}};
  saved["nas"]["CAL"] = 42;
  ups_knowledge back;
  back.restore(saved);
  CHECK(back.on_battery_since("nas") == w0);
  CHECK(back.on_battery("rack") == false);
  CHECK_FALSE(back.on_battery("bad/id"));
  CHECK_FALSE(back.learn_event("nas", event_type::onbatt, w0 + 9s));
  CHECK_FALSE(back.learn_event("nas", event_type::lowbatt, w0 + 9s));
  CHECK(back.describe("nas") == "on battery since 2026-11-24T10:00:00.000Z, low battery");
  CHECK(back.describe("other") == "nothing known yet");
}
