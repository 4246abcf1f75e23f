// NUT 2.8.5's START-TIMER-SHARED and CANCEL-TIMER-MATCHED in the rule engine and timer table,
// as upssched 2.8.5 implements them; and the agent's own rule that a timer never runs twice.

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "shutdown-agent/logic/agent_messages.hpp"
#include "shutdown-agent/logic/rule_engine.hpp"
#include "shutdown-agent/logic/timer_listing.hpp"

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace std::chrono_literals;

namespace {

const time_point t0{};

rule make(std::string at, rule_action action, std::string name,
          std::chrono::milliseconds after = 0ms, std::string else_execute = "") {
  rule r;
  r.at = std::move(at);
  r.action = action;
  r.name = std::move(name);
  r.after = after;
  r.else_execute = std::move(else_execute);
  return r;
}

notify_event ev(std::string type, std::string ups) {
  return {type, ups, notify_message(type, ups)};
}

std::vector<outcome_kind> kinds(const std::vector<rule_outcome>& out) {
  std::vector<outcome_kind> k;
  for (const auto& o : out)
    k.push_back(o.kind);
  return k;
}

std::string wording(const std::string& type, const std::string& ups) {
  return notify_message(type, ups);
}

// Two UPSes feeding the host share one power-off timer; ONLINE cancels it only when it comes
// from a UPS (and of a type) that started or joined it.
std::vector<rule> shared_rules() {
  return {make("ONBATT", rule_action::start_timer_shared, "power-off", 60s),
          make("LOWBATT", rule_action::start_timer_shared, "power-off", 60s),
          make("ONLINE", rule_action::cancel_timer_matched, "power-off", 0ms, "still-on")};
}

}  // namespace

TEST_CASE("START-TIMER-SHARED joins the running timer without moving its deadline") {
  rule_engine e(shared_rules());
  CHECK(kinds(e.on_event(ev("ONBATT", "nas"), t0)) ==
        std::vector<outcome_kind>{outcome_kind::timer_started});
  auto joined = e.on_event(ev("ONBATT", "rack"), t0 + 20s);
  CHECK(kinds(joined) == std::vector<outcome_kind>{outcome_kind::timer_joined});
  CHECK(joined[0].cause.ups == "rack");
  e.on_event(ev("LOWBATT", "nas"), t0 + 30s);
  e.on_event(ev("ONBATT", "rack"), t0 + 40s);  // already joined: nothing new
  CHECK(e.timers().next_deadline() == t0 + 60s);
  CHECK(e.on_time(t0 + 59s).empty());
  auto fired = e.on_time(t0 + 60s);
  REQUIRE(fired.size() == 2);
  CHECK(fired[1].kind == outcome_kind::run_script);
  CHECK(fired[1].name == "power-off");
  CHECK(fired[1].cause.type == "ONBATT");
  CHECK(fired[1].cause.ups == "nas");
  CHECK(fired[1].cause.joined == std::vector<joined_event>{{"ONBATT", "rack"}, {"LOWBATT", "nas"}});
  // The script runs once, with the lists upssched gives it.
  const auto env = environment_of(fired[1].cause, wording);
  CHECK(env.upsname == "nas,rack");
  CHECK(env.notifytype == "ONBATT,LOWBATT");
  CHECK(env.notifymsg == "UPS nas on battery.\tUPS rack on battery.\tUPS nas battery is low");
}

TEST_CASE("CANCEL-TIMER-MATCHED cancels only when the event's type and UPS both started it") {
  SUBCASE("a UPS that never started it leaves it running, and the fallback runs") {
    rule_engine e(shared_rules());
    e.on_event(ev("ONBATT", "nas"), t0);
    auto out = e.on_event(ev("ONLINE", "rack"), t0 + 1s);
    CHECK(kinds(out) ==
          std::vector<outcome_kind>{outcome_kind::timer_kept, outcome_kind::run_script});
    CHECK(out[1].name == "still-on");
    CHECK(e.timers().running("power-off"));
  }
  SUBCASE("the UPS that started it, with a type none of the events had, leaves it running") {
    // upssched 2.8.5 compares the canceller's NOTIFYTYPE too: ONLINE never started the timer.
    rule_engine e(shared_rules());
    e.on_event(ev("ONBATT", "nas"), t0);
    CHECK(kinds(e.on_event(ev("ONLINE", "nas"), t0 + 1s)) ==
          std::vector<outcome_kind>{outcome_kind::timer_kept, outcome_kind::run_script});
  }
  SUBCASE("the type and UPS lists are each checked on their own, as upssched keeps them") {
    rule_engine e({make("LOWBATT", rule_action::cancel_timer_matched, "t"),
                   make("ONBATT", rule_action::start_timer_shared, "t", 60s),
                   make("LOWBATT", rule_action::start_timer_shared, "t", 60s)});
    e.on_event(ev("ONBATT", "nas"), t0);
    CHECK(kinds(e.on_event(ev("LOWBATT", "rack"), t0 + 1s)) ==
          std::vector<outcome_kind>{outcome_kind::timer_kept, outcome_kind::timer_joined});
    // No event was LOWBATT from nas, but LOWBATT and nas are both on the lists: cancelled (and
    // started afresh by the next rule).
    CHECK(kinds(e.on_event(ev("LOWBATT", "nas"), t0 + 2s)) ==
          std::vector<outcome_kind>{outcome_kind::timer_cancelled, outcome_kind::timer_started});
  }
  SUBCASE("nothing running: the fallback runs, as for CANCEL-TIMER") {
    rule_engine e(shared_rules());
    CHECK(kinds(e.on_event(ev("ONLINE", "nas"), t0)) ==
          std::vector<outcome_kind>{outcome_kind::timer_not_running, outcome_kind::run_script});
  }
  SUBCASE("an event naming no UPS (SHUTDOWN) never matches") {
    rule_engine e({make("ONBATT", rule_action::start_timer, "t", 60s),
                   make("SHUTDOWN", rule_action::cancel_timer_matched, "t")});
    e.on_event(ev("ONBATT", "nas"), t0);
    CHECK(kinds(e.on_event(ev("SHUTDOWN", ""), t0 + 1s)) ==
          std::vector<outcome_kind>{outcome_kind::timer_kept});
  }
}

TEST_CASE("CANCEL-TIMER-MATCHED of a matching event cancels, and runs no fallback") {
  rule_engine e({make("ONBATT", rule_action::start_timer_shared, "t", 60s),
                 make("ONBATT", rule_action::cancel_timer_matched, "t", 0ms, "fallback")});
  // The start comes first in the file, so the same ONBATT starts it and then cancels it.
  auto out = e.on_event(ev("ONBATT", "nas"), t0);
  CHECK(kinds(out) ==
        std::vector<outcome_kind>{outcome_kind::timer_started, outcome_kind::timer_cancelled});
  CHECK_FALSE(e.timers().running("t"));
}

TEST_CASE("plain START-TIMER never joins, and plain CANCEL-TIMER cancels whoever started it") {
  rule_engine e({make("ONBATT", rule_action::start_timer, "t", 60s),
                 make("LOWBATT", rule_action::start_timer_shared, "t", 60s),
                 make("ONLINE", rule_action::cancel_timer, "t")});
  e.on_event(ev("ONBATT", "nas"), t0);
  CHECK(kinds(e.on_event(ev("ONBATT", "rack"), t0 + 1s)) ==
        std::vector<outcome_kind>{outcome_kind::timer_already_running});
  // A shared start joins a timer a plain START-TIMER began, as in upssched.
  CHECK(kinds(e.on_event(ev("LOWBATT", "rack"), t0 + 2s)) ==
        std::vector<outcome_kind>{outcome_kind::timer_joined});
  REQUIRE(e.timers().all().size() == 1);
  CHECK(e.timers().all()[0].cause.joined == std::vector<joined_event>{{"LOWBATT", "rack"}});
  CHECK(kinds(e.on_event(ev("ONLINE", "other"), t0 + 3s)) ==
        std::vector<outcome_kind>{outcome_kind::timer_cancelled});
}

TEST_CASE("a restored shared timer keeps what joined it") {
  rule_engine e(shared_rules());
  notify_event cause = ev("ONBATT", "nas");
  cause.joined = {{"ONBATT", "rack"}};
  REQUIRE(e.restore({"power-off", t0 + 30s, 60s, cause}));
  CHECK(kinds(e.on_event(ev("ONLINE", "rack"), t0)) ==
        std::vector<outcome_kind>{outcome_kind::timer_kept, outcome_kind::run_script});
  CHECK(kinds(e.on_event(ev("ONBATT", "rack"), t0)) ==
        std::vector<outcome_kind>{outcome_kind::timer_joined});
  CHECK(e.timers().all()[0].cause.joined.size() == 1);
}

TEST_CASE("the rules as upssched.conf writes them") {
  CHECK(describe(make("ONBATT", rule_action::start_timer_shared, "power-off", 60s)) ==
        "AT ONBATT * START-TIMER-SHARED power-off 60");
  CHECK(describe(make("ONLINE", rule_action::cancel_timer_matched, "t", 0ms, "cmd")) ==
        "AT ONLINE * CANCEL-TIMER-MATCHED t cmd");
  CHECK(outcome_name(outcome_kind::timer_joined) == "timer_joined");
  CHECK(outcome_name(outcome_kind::timer_kept) == "timer_kept");
}

TEST_CASE("--list-timers lists each timer as upssched -l does") {
  rule_engine e(shared_rules());
  e.on_event(ev("ONBATT", "nas"), t0);
  e.on_event(ev("LOWBATT", "rack"), t0 + 10s);
  const auto wall_now = *common::parse_time("2026-11-24T10:00:00Z");
  const auto epoch =
      std::chrono::duration_cast<std::chrono::seconds>((wall_now + 45s).time_since_epoch()).count();
  CHECK(timer_listing(e.timers().all(), t0 + 15s, wall_now, wording) ==
        fmt::format("power-off\t{}\t45\tONBATT,LOWBATT\tnas,rack\tUPS nas on battery.\tUPS rack "
                    "battery is low\n",
                    epoch));
  // Rounded up: 0.2 s left is not yet 0.
  CHECK(timer_listing(e.timers().all(), t0 + 59800ms, wall_now, wording).find("\t1\t") !=
        std::string::npos);
  CHECK(timer_listing({}, t0, wall_now, wording).empty());
  rule_engine shutdown({make("SHUTDOWN", rule_action::start_timer, "late", 5s)});
  shutdown.on_event(ev("SHUTDOWN", ""), t0);
  CHECK(timer_listing(shutdown.timers().all(), t0, wall_now, wording)
            .find("\tSHUTDOWN\t\"\"\tAuto logout") != std::string::npos);
}

TEST_CASE("the agent's state and actions show every UPS and type of a shared timer") {
  rule_engine e(shared_rules());
  e.on_event(ev("ONBATT", "nas"), t0);
  e.on_event(ev("LOWBATT", "rack"), t0 + 1s);
  agent_snapshot s;
  s.agent = "pi";
  s.timers = e.timers().all();
  s.now = t0 + 30s;
  auto state = nlohmann::json::parse(agent_state_json(s));
  REQUIRE(state["timers"].size() == 1);
  CHECK(state["timers"][0]["ups"] == "nas");
  CHECK(state["timers"][0]["upses"] == nlohmann::json::array({"nas", "rack"}));
  CHECK(state["timers"][0]["event_types"] == nlohmann::json::array({"ONBATT", "LOWBATT"}));
  auto fired = e.on_time(t0 + 60s);
  REQUIRE(fired.size() == 2);
  auto action = outcome_action(fired[0]);
  CHECK(action["action"] == "timer_expired");
  CHECK(action["joined"] == action_json::array({{{"ups", "rack"}, {"event_type", "LOWBATT"}}}));
  // A timer nobody joined keeps the state's former shape.
  rule_engine plain({make("ONBATT", rule_action::start_timer, "t", 60s)});
  plain.on_event(ev("ONBATT", "nas"), t0);
  s.timers = plain.timers().all();
  CHECK_FALSE(nlohmann::json::parse(agent_state_json(s))["timers"][0].contains("upses"));
}

TEST_CASE("a CANCEL-TIMER-MATCHED of a type no rule starts the timer at is warned about") {
  auto cancel = make("ONLINE", rule_action::cancel_timer_matched, "t");
  cancel.origin = "upssched.conf:3";
  auto w = rule_warnings({make("ONBATT", rule_action::start_timer_shared, "t", 60s), cancel});
  REQUIRE(w.size() == 1);
  CHECK(w[0].find("upssched.conf:3: AT ONLINE * CANCEL-TIMER-MATCHED t never cancels") == 0);
  CHECK(rule_warnings({make("ONLINE", rule_action::start_timer, "t", 60s), cancel}).empty());
  CHECK(rule_warnings({make("ONBATT", rule_action::start_timer, "other", 60s),
                       make("ONLINE", rule_action::start_timer, "other", 60s), cancel})
            .size() == 1);
}
