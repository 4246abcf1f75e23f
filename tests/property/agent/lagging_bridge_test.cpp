// Two bridges polling one UPS at their own moments (active-active): each reads the status at
// its own polls, and publishes its state again between them (its variables changed, it lost
// upsd) with the status it last read. Generated timelines of the UPS and of both bridges'
// polls, checked against the contract in docs/larger-sites.md, "A status is as new as the poll
// that read it":
//   - the agent acts on the newest reading it has been given: the status that the latest of
//     the polls behind the messages delivered so far read, whichever bridge made it;
//   - so ONBATT and ONLINE run their rules once per change of that reading's line state, never
//     for a bridge's older reading arriving after a newer one (no ONBATT, ONLINE, ONBATT).

#include <array>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/event_message.hpp"
#include "common/state_message.hpp"
#include "common/ups_status.hpp"
#include "property/agent/check_property.hpp"
#include "shutdown-agent/logic/agent_logic.hpp"

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace nutmqtt::agent::property;
using namespace std::chrono_literals;

namespace {

// Line power or battery, with tokens that come and go beside them; never LB, FSD or OFF, so
// that no critical rule ends the timeline early.
const std::array<std::string, 5> kStatuses = {"OL", "OL CHRG", "OB DISCHRG", "OL BOOST",
                                              "OB DISCHRG TRIM"};
constexpr int kBridges = 2;

struct step_plan {
  int status = -1;       // the UPS changes to kStatuses[status] at this second; -1: no change
  bool b_first = false;  // which bridge acts first within the second
  // Per bridge: it publishes its state between polls (its variables changed); it loses upsd,
  // or gets it back at its next poll.
  bool vars_a = false, vars_b = false, toggle_a = false, toggle_b = false;
};

struct timeline {
  int period_a = 1, period_b = 1, phase_a = 0, phase_b = 0;  // seconds between polls
  std::vector<step_plan> steps;
};

rc::Gen<timeline> gen_timeline() {
  const auto sometimes = [] { return rc::gen::weightedElement<bool>({{3, false}, {1, true}}); };
  const auto rarely = [] { return rc::gen::weightedElement<bool>({{12, false}, {1, true}}); };
  auto gen_step = rc::gen::build<step_plan>(
      rc::gen::set(&step_plan::status,
                   rc::gen::weightedOneOf<int>(
                       {{4, rc::gen::just(-1)}, {1, rc::gen::inRange<int>(0, kStatuses.size())}})),
      rc::gen::set(&step_plan::b_first, rc::gen::arbitrary<bool>()),
      rc::gen::set(&step_plan::vars_a, sometimes()), rc::gen::set(&step_plan::vars_b, sometimes()),
      rc::gen::set(&step_plan::toggle_a, rarely()), rc::gen::set(&step_plan::toggle_b, rarely()));
  return rc::gen::build<timeline>(
      rc::gen::set(&timeline::period_a, rc::gen::inRange(1, 5)),
      rc::gen::set(&timeline::period_b, rc::gen::inRange(1, 5)),
      rc::gen::set(&timeline::phase_a, rc::gen::inRange(0, 4)),
      rc::gen::set(&timeline::phase_b, rc::gen::inRange(0, 4)),
      rc::gen::set(&timeline::steps,
                   rc::gen::resize(80, rc::gen::container<std::vector<step_plan>>(gen_step))));
}

agent_logic make_agent() {
  agent_logic::settings s;
  rule onbatt;
  onbatt.at = "ONBATT";
  onbatt.action = rule_action::execute;
  onbatt.name = "onbatt";
  rule online = onbatt;
  online.at = "ONLINE";
  online.name = "online";
  s.rules = {onbatt, online};
  s.supplies.monitor = {{"nas", 1}};
  s.supplies.deadtime = 15s;
  return agent_logic(std::move(s));
}

bool on_battery(const std::string& status) {
  return common::has_token(common::split_status(status), "OB");
}

// One bridge as the contract describes it: its readings, its state and its line events.
struct bridge_model {
  std::string id;
  int period = 1, phase = 0;
  bool available = true;
  std::string status;  // as last read; "" before its first poll
  int polled = -1;     // the second of that reading
  std::uint64_t seq = 0;
};

void check_timeline(const timeline& t) {
  const time_point t0{};
  const auto w0 = *common::parse_time("2026-11-24T10:00:00Z");
  auto logic = make_agent();
  std::array<bridge_model, kBridges> bridges;
  bridges[0].id = "a";
  bridges[0].period = t.period_a;
  bridges[0].phase = t.phase_a;
  bridges[1].id = "b";
  bridges[1].period = t.period_b;
  bridges[1].phase = t.phase_b;
  for (const auto& b : bridges)
    logic.on_bridge_availability(b.id, true, t0);
  std::string truth = kStatuses[0];
  int newest = -1;            // the latest poll behind a message delivered so far
  std::string newest_status;  // what it read
  bool expected_on_battery = false;
  int onbatt_expected = 0, online_expected = 0, onbatt_run = 0, online_run = 0;
  std::vector<std::string> log;

  int commbad = 0;  // one bridge reaches the UPS at all times: never a loss
  auto count = [&](const logic_effects& fx) {
    for (const auto& s : fx.scripts) {
      onbatt_run += s.argument == "onbatt";
      online_run += s.argument == "online";
    }
    for (const auto& a : fx.actions)
      commbad += a.value("action", "") == "commbad";
  };
  // The oracle's side of a delivered reading.
  auto delivered = [&](int polled, const std::string& status) {
    if (polled < newest) return;
    const bool first = newest < 0;
    newest = polled;
    newest_status = status;
    const bool ob = on_battery(status);
    if (ob && (first || !expected_on_battery)) ++onbatt_expected;
    if (!ob && !first && expected_on_battery) ++online_expected;
    expected_on_battery = ob;
  };
  auto check = [&](int second) {
    const auto now = t0 + std::chrono::seconds(second);
    const auto m = logic.memory(now, w0 + std::chrono::seconds(second));
    const auto it = m.statuses.find("nas");
    const std::vector<std::string> held =
        it == m.statuses.end() ? std::vector<std::string>{} : it->second;
    auto report = [&] {
      std::string out;
      for (const auto& line : log)
        out += line + "\n";
      return out;
    };
    RC_ASSERT_FALSE(logic.shutting_down());
    if (commbad != 0) RC_FAIL(report() + "COMMBAD while a bridge reached the UPS");
    if (newest < 0) return;
    if (held != common::split_status(newest_status)) {
      RC_FAIL(
          fmt::format("{}the critical rules hold \"{}\", the newest reading (second {}) is "
                      "\"{}\"",
                      report(), fmt::join(held, " "), newest, newest_status));
    }
    if (logic.knowledge().on_battery("nas") != expected_on_battery) {
      RC_FAIL(fmt::format("{}the agent's line state is not that of the newest reading \"{}\"",
                          report(), newest_status));
    }
    if (onbatt_run != onbatt_expected || online_run != online_expected) {
      RC_FAIL(
          fmt::format("{}onbatt ran {} times and online {}; the newest readings changed "
                      "to battery {} times and back {}",
                      report(), onbatt_run, online_run, onbatt_expected, online_expected));
    }
  };

  for (int second = 0; second < static_cast<int>(t.steps.size()); ++second) {
    const auto& plan = t.steps[static_cast<std::size_t>(second)];
    if (plan.status >= 0) truth = kStatuses[static_cast<std::size_t>(plan.status)];
    const auto now = t0 + std::chrono::seconds(second);
    const auto wall = w0 + std::chrono::seconds(second);
    for (int k = 0; k < kBridges; ++k) {
      const int i = plan.b_first ? kBridges - 1 - k : k;
      auto& b = bridges[static_cast<std::size_t>(i)];
      auto& other = bridges[static_cast<std::size_t>(1 - i)];
      const bool vars_changed = i == 0 ? plan.vars_a : plan.vars_b;
      const bool toggle = i == 0 ? plan.toggle_a : plan.toggle_b;
      common::state_message s;
      s.ups = "nas";
      s.bridge = b.id;
      s.boot = b.id + "1";
      s.time = wall;
      auto publish_state = [&](bool available, const char* why) {
        s.status = b.status;
        s.flags = common::split_status(b.status);
        s.polled = w0 + std::chrono::seconds(b.polled);
        s.available = available;
        s.seq = b.seq;
        log.push_back(fmt::format("{:3} {} state \"{}\" read at {} ({})", second, b.id, b.status,
                                  b.polled, why));
        count(logic.on_state("nas", &s, now, wall, true));
        delivered(b.polled, b.status);
        check(second);
      };
      if (toggle && b.available && other.available && b.polled >= 0) {
        // As the bridge does: its state with the status it last read, then its availability.
        b.available = false;
        publish_state(false, "lost upsd");
        count(logic.on_availability_by("nas", b.id, false, now));
        continue;
      }
      const bool back = toggle && !b.available;
      const bool due = (second - b.phase) % b.period == 0;
      if ((b.available || back) && (due || b.polled < 0)) {
        const std::string before = b.status;
        b.status = truth;
        b.polled = second;
        const bool regained = !b.available;
        b.available = true;
        if (before != truth || regained) publish_state(true, regained ? "upsd back" : "poll");
        // After its state, as the bridge sends them: it reaches the UPS.
        if (regained || before.empty()) count(logic.on_availability_by("nas", b.id, true, now));
        if (!before.empty() && on_battery(before) != on_battery(truth)) {
          common::event_message e;
          e.type = on_battery(truth) ? common::event_type::onbatt : common::event_type::online;
          e.ups = "nas";
          e.status = truth;
          e.bridge = b.id;
          e.boot = b.id + "1";
          e.seq = ++b.seq;
          e.time = wall;
          log.push_back(fmt::format("{:3} {} event {}", second, b.id, common::event_name(e.type)));
          count(logic.on_event(e, now));
          delivered(second, truth);
          check(second);
        }
      } else if (vars_changed && b.available && b.polled >= 0) {
        publish_state(b.available, "variables changed");
      }
    }
  }
}

}  // namespace

TEST_CASE("property: with two bridges the agent acts on the newest reading of the status") {
  check_property("two bridges, newest reading", [] { check_timeline(*gen_timeline()); });
}
