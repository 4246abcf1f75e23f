#include "property/agent/generators.hpp"

#include <algorithm>

namespace nutmqtt::agent::property {
namespace {

using namespace std::chrono_literals;

// Statuses a UPS reports, from all well to the worst; CAL is there because NUT 2.8.0 stopped
// judging a UPS after one CAL, OFF and BYPASS because they carry neither OL nor OB.
const std::vector<std::vector<std::string>> kStatuses = {{"OL"},
                                                         {"OL", "CHRG"},
                                                         {"OB"},
                                                         {"OB", "DISCHRG"},
                                                         {"OB", "LB"},
                                                         {"OL", "LB"},
                                                         {"FSD", "OB", "LB"},
                                                         {"FSD", "OL"},
                                                         {"OL", "CAL"},
                                                         {"OB", "CAL"},
                                                         {"OL", "RB"},
                                                         {"OFF"},
                                                         {"BYPASS"},
                                                         {"OB", "LB", "DISCHRG"},
                                                         {"OL", "ALARM"},
                                                         {"OB", "ALARM"},
                                                         {"OL", "OVER"},
                                                         {"OB", "OVER"},
                                                         {"OB", "LB", "CAL"},
                                                         {"OL", "BYPASS"}};

rc::Gen<ms> gen_duration(ms max) {
  return rc::gen::map(rc::gen::inRange<std::int64_t>(0, max.count() + 1),
                      [](std::int64_t v) { return ms(v); });
}

rc::Gen<ms> gen_timer_length() {
  return rc::gen::weightedOneOf<ms>(
      {{2, rc::gen::just(ms(0))},
       {5, rc::gen::map(rc::gen::inRange(1, 121), [](int s) { return ms(s * 1000); })}});
}

rc::Gen<std::string> gen_rule_ups() {
  return rc::gen::weightedOneOf<std::string>(
      {{4, rc::gen::just(std::string("*"))},
       {2, rc::gen::map(rc::gen::inRange(0, 4), [](int i) { return ups_id(i); })}});
}

// Timers of power events and of communication events have names of their own, so that the
// order in which one message's rules run does not decide the outcome (the agent announces its
// own COMMBAD/COMMOK in the middle of handling a message).
rc::Gen<rule> gen_rule() {
  return rc::gen::mapcat(rc::gen::inRange(0, 10), [](int family) {
    const bool comm = family >= 7;
    const bool shutdown = family == 9;
    const std::vector<std::string> types =
        shutdown ? std::vector<std::string>{"SHUTDOWN"}
        : comm   ? std::vector<std::string>{"COMMBAD", "COMMOK"}
                 : std::vector<std::string>{"ONBATT", "ONLINE", "LOWBATT", "FSD", "CAL", "NOTCAL"};
    const std::vector<std::string> timers = comm ? std::vector<std::string>{"upsgone", "nocontact"}
                                                 : std::vector<std::string>{"power-off", "later"};
    return rc::gen::build<rule>(
        rc::gen::set(&rule::at, rc::gen::elementOf(types)),
        rc::gen::set(&rule::ups, gen_rule_ups()),
        rc::gen::set(&rule::action,
                     shutdown
                         ? rc::gen::just(rule_action::execute)
                         : rc::gen::element(rule_action::start_timer, rule_action::cancel_timer,
                                            rule_action::execute, rule_action::start_timer_shared,
                                            rule_action::cancel_timer_matched)),
        rc::gen::set(&rule::name, rc::gen::elementOf(timers)),
        rc::gen::set(&rule::after, gen_timer_length()),
        rc::gen::set(&rule::else_execute,
                     rc::gen::element(std::string(), std::string("fallback"))));
  });
}

// EXECUTE runs a command named after the rule; timers keep their names.
rule finish_rule(rule r) {
  if (r.action == rule_action::execute) r.name = "run-" + r.at;
  if (!starts_timer(r.action)) r.after = ms(0);
  if (!cancels_timer(r.action)) r.else_execute.clear();
  return r;
}

rc::Gen<std::optional<ms>> gen_optional_duration(int never_weight, ms max) {
  return rc::gen::weightedOneOf<std::optional<ms>>(
      {{never_weight, rc::gen::just(std::optional<ms>())},
       {1, rc::gen::just(std::optional<ms>(ms(0)))},
       {2, rc::gen::map(gen_duration(max), [](ms d) { return std::optional<ms>(d); })}});
}

rc::Gen<scenario_config> gen_basic_config();

}  // namespace

// upsmon's newer critical-rule settings join the basic configuration, mostly at defaults.
rc::Gen<scenario_config> gen_config() {
  auto critical = rc::gen::tuple(
      gen_optional_duration(1, 60s), gen_optional_duration(4, 30s),
      rc::gen::weightedOneOf<ms>({{3, rc::gen::just(ms(0))}, {1, gen_duration(30s)}}),
      rc::gen::arbitrary<bool>(),
      rc::gen::weightedOneOf<ms>(
          {{2, rc::gen::just(ms(0))}, {1, rc::gen::just(ms(15000))}, {1, gen_duration(20s)}}));
  return rc::gen::map(rc::gen::tuple(gen_basic_config(), critical), [](const auto& t) {
    scenario_config c = std::get<0>(t);
    std::tie(c.off_duration, c.over_duration, c.oblb_duration, c.alarm_critical,
             c.wait_for_primary) = std::get<1>(t);
    return c;
  });
}

namespace {

rc::Gen<scenario_config> gen_basic_config() {
  return rc::gen::mapcat(rc::gen::inRange(1, 5), [](int count) {
    // Each UPS the bridge publishes may have its own MONITOR line; "*" covers the rest.
    auto entries = rc::gen::container<std::vector<int>>(
        static_cast<std::size_t>(count) + 1,
        rc::gen::weightedOneOf<int>({{3, rc::gen::inRange(0, 3)}, {2, rc::gen::just(-1)}}));
    return rc::gen::map(
        rc::gen::tuple(
            entries, rc::gen::arbitrary<bool>(), rc::gen::inRange(1, 3), rc::gen::inRange(0, 3),
            gen_duration(30s), gen_duration(10s),
            rc::gen::container<std::vector<rule>>(rc::gen::map(gen_rule(), finish_rule))),
        [count](const auto& t) {
          const auto& [values, wildcard, wildcard_value, min_supplies, deadtime, final_delay,
                       rules] = t;
          scenario_config c;
          c.ups_count = count;
          int total = 0;
          // The last value is for a UPS the bridge does not publish (never heard from).
          int i = 0;
          for (const int value : values) {
            const std::string id = ups_id(i++);
            if (value < 0) continue;
            c.monitor.push_back({id, value});
            total += value;
          }
          if (wildcard || c.monitor.empty()) c.monitor.push_back({"*", wildcard_value});
          c.min_supplies = wildcard || c.monitor.back().ups == "*" ? min_supplies
                                                                   : std::min(min_supplies, total);
          c.deadtime = std::max(deadtime, ms(1000));
          c.final_delay = final_delay;
          c.rules = rules;
          return c;
        });
  });
}

}  // namespace

rc::Gen<step> gen_step() {
  auto simple = [](step_kind k) {
    return rc::gen::map(rc::gen::inRange(0, 4), [k](int u) { return act(k, u); });
  };
  auto delivery_gen =
      rc::gen::build<delivery>(rc::gen::set(&delivery::events_first, rc::gen::arbitrary<bool>()),
                               rc::gen::set(&delivery::duplicate_event, rc::gen::arbitrary<bool>()),
                               rc::gen::set(&delivery::repeat_state, rc::gen::arbitrary<bool>()));
  auto advance_gen = rc::gen::map(rc::gen::weightedOneOf<ms>({{2, rc::gen::just(ms(0))},
                                                              {4, gen_duration(999ms)},
                                                              {6, gen_duration(30s)},
                                                              {2, gen_duration(3min)}}),
                                  [](ms d) { return advance(d); });
  auto status_gen = rc::gen::map(
      rc::gen::tuple(rc::gen::inRange(0, 4), rc::gen::elementOf(kStatuses), delivery_gen),
      [](const auto& t) { return status(std::get<0>(t), std::get<1>(t), std::get<2>(t)); });
  auto broker_gen =
      rc::gen::map(rc::gen::tuple(rc::gen::arbitrary<bool>(), rc::gen::arbitrary<bool>()),
                   [](const auto& t) { return broker_up(std::get<0>(t), std::get<1>(t)); });
  return rc::gen::weightedOneOf<step>({{30, advance_gen},
                                       {25, status_gen},
                                       {6, simple(step_kind::ups_lost)},
                                       {6, simple(step_kind::ups_back)},
                                       {3, simple(step_kind::bridge_dies)},
                                       {3, simple(step_kind::bridge_starts)},
                                       {2, simple(step_kind::broker_down)},
                                       {2, broker_gen},
                                       {3, simple(step_kind::agent_cut)},
                                       {3, simple(step_kind::agent_back)},
                                       {2, simple(step_kind::agent_stop)},
                                       {2, simple(step_kind::agent_start)},
                                       {1, simple(step_kind::fsd_request)},
                                       {2, simple(step_kind::clear_state)},
                                       {2, simple(step_kind::sync_lost)}});
}

rc::Gen<scenario> gen_scenario() {
  return rc::gen::build<scenario>(
      rc::gen::set(&scenario::config, gen_config()),
      rc::gen::set(&scenario::steps, rc::gen::container<std::vector<step>>(gen_step())));
}

}  // namespace nutmqtt::agent::property
