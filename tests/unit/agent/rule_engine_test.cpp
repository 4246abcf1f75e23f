#include "shutdown-agent/logic/rule_engine.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::agent;
using namespace std::chrono_literals;

namespace {

rule make(std::string at, std::string ups, rule_action action, std::string name,
          std::chrono::milliseconds after = 0ms, std::string else_execute = "") {
  rule r;
  r.at = std::move(at);
  r.ups = std::move(ups);
  r.action = action;
  r.name = std::move(name);
  r.after = after;
  r.else_execute = std::move(else_execute);
  return r;
}

std::vector<rule> seed_rules() {
  return {make("ONBATT", "*", rule_action::start_timer, "power-off", 60s),
          make("ONLINE", "*", rule_action::cancel_timer, "power-off"),
          make("ONLINE", "*", rule_action::execute, "power-on")};
}

notify_event ev(std::string type, std::string ups = "nas") {
  return {std::move(type), std::move(ups), "msg"};
}

const time_point t0{};

}  // namespace

TEST_CASE("matching: notify type case-insensitively, UPS exactly or *") {
  auto r = make("ONBATT", "nas", rule_action::execute, "x");
  CHECK(matches(r, "ONBATT", "nas"));
  CHECK(matches(r, "onbatt", "nas"));
  CHECK_FALSE(matches(r, "ONBATT", "NAS"));
  CHECK_FALSE(matches(r, "ONBATT", "nas2"));
  CHECK_FALSE(matches(r, "ONLINE", "nas"));
  auto any = make("ONBATT", "*", rule_action::execute, "x");
  CHECK(matches(any, "OnBatt", "anything"));
}

TEST_CASE("every matching rule runs, in order") {
  rule_engine e({make("ONLINE", "*", rule_action::execute, "first"),
                 make("ONBATT", "*", rule_action::execute, "not-me"),
                 make("ONLINE", "nas", rule_action::execute, "second"),
                 make("ONLINE", "other", rule_action::execute, "not-me-either"),
                 make("ONLINE", "*", rule_action::execute, "third")});
  auto out = e.on_event(ev("ONLINE"), t0);
  REQUIRE(out.size() == 3);
  CHECK(out[0].name == "first");
  CHECK(out[1].name == "second");
  CHECK(out[2].name == "third");
  for (const auto& o : out) {
    CHECK(o.kind == outcome_kind::run_script);
    CHECK(o.cause.ups == "nas");
    CHECK(o.cause.type == "ONLINE");
  }
}

TEST_CASE("a timer fires after its delay and runs the script with its name and cause") {
  rule_engine e(seed_rules());
  auto started = e.on_event(ev("ONBATT"), t0);
  REQUIRE(started.size() == 1);
  CHECK(started[0].kind == outcome_kind::timer_started);
  CHECK(started[0].after == 60s);
  CHECK(e.timers().next_deadline() == t0 + 60s);
  CHECK(e.on_time(t0 + 59s).empty());
  auto fired = e.on_time(t0 + 60s);
  REQUIRE(fired.size() == 2);
  CHECK(fired[0].kind == outcome_kind::timer_expired);
  CHECK(fired[1].kind == outcome_kind::run_script);
  CHECK(fired[1].name == "power-off");
  CHECK(fired[1].cause.type == "ONBATT");
  CHECK_FALSE(e.timers().next_deadline());
  CHECK(e.on_time(t0 + 120s).empty());
}

TEST_CASE("a timer cancelled before its delay never fires, and the other ONLINE rule runs") {
  rule_engine e(seed_rules());
  e.on_event(ev("ONBATT"), t0);
  auto out = e.on_event(ev("ONLINE"), t0 + 10s);
  REQUIRE(out.size() == 2);
  CHECK(out[0].kind == outcome_kind::timer_cancelled);
  CHECK(out[1].kind == outcome_kind::run_script);
  CHECK(out[1].name == "power-on");
  CHECK(e.on_time(t0 + 61s).empty());
}

TEST_CASE("a second START-TIMER leaves the running timer alone (upssched would start two)") {
  rule_engine e(seed_rules());
  e.on_event(ev("ONBATT"), t0);
  auto again = e.on_event(ev("ONBATT"), t0 + 30s);
  REQUIRE(again.size() == 1);
  CHECK(again[0].kind == outcome_kind::timer_already_running);
  CHECK(e.timers().all().size() == 1);
  CHECK(e.timers().next_deadline() == t0 + 60s);
  auto fired = e.on_time(t0 + 90s);
  CHECK(fired.size() == 2);  // one expiry, one script run
}

TEST_CASE("CANCEL-TIMER with a command runs it only when no such timer runs") {
  rule_engine e({make("ONBATT", "*", rule_action::start_timer, "t", 5s),
                 make("ONLINE", "*", rule_action::cancel_timer, "t", 0ms, "was-not-running")});
  auto idle = e.on_event(ev("ONLINE"), t0);
  REQUIRE(idle.size() == 2);
  CHECK(idle[0].kind == outcome_kind::timer_not_running);
  CHECK(idle[1].kind == outcome_kind::run_script);
  CHECK(idle[1].name == "was-not-running");
  e.on_event(ev("ONBATT"), t0);
  auto cancelled = e.on_event(ev("ONLINE"), t0 + 1s);
  REQUIRE(cancelled.size() == 1);
  CHECK(cancelled[0].kind == outcome_kind::timer_cancelled);
}

TEST_CASE("timers due together fire in deadline order") {
  timer_table t;
  CHECK(t.start("b", 20s, t0, ev("ONBATT")));
  CHECK(t.start("a", 10s, t0, ev("ONBATT")));
  CHECK(t.start("c", 20s, t0, ev("ONBATT")));
  CHECK_FALSE(t.start("a", 1s, t0, ev("ONBATT")));
  auto due = t.expire(t0 + 30s);
  REQUIRE(due.size() == 3);
  CHECK(due[0].name == "a");
  CHECK(due[1].name == "b");
  CHECK(due[2].name == "c");
  CHECK_FALSE(t.cancel("a"));
}

TEST_CASE("rules read back in upssched syntax") {
  CHECK(describe(make("ONBATT", "*", rule_action::start_timer, "power-off", 60s)) ==
        "AT ONBATT * START-TIMER power-off 60");
  CHECK(describe(make("ONLINE", "nas", rule_action::cancel_timer, "t", 0ms, "cmd")) ==
        "AT ONLINE nas CANCEL-TIMER t cmd");
  CHECK(describe(make("LOWBATT", "*", rule_action::execute, "x")) == "AT LOWBATT * EXECUTE x");
}
