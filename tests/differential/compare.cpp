#include "differential/compare.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace nutmqtt::differential {
namespace {

// The order the bridge gives the events of one poll (docs/events.md); upsmon's is the same
// for the types they share. SHUTDOWN comes last: it follows what made the UPS critical.
// NOCOMM first: it never shares a poll with COMMOK, but may come just before it.
constexpr std::array<const char*, 28> kOrder = {
    "NOCOMM",   "COMMOK", "COMMBAD",  "ONLINE",   "ONBATT",   "LOWBATT",  "FSD",
    "REPLBATT", "CAL",    "NOTCAL",   "OFF",      "NOTOFF",   "BYPASS",   "NOTBYPASS",
    "ECO",      "NOTECO", "ALARM",    "NOTALARM", "OVER",     "NOTOVER",  "TRIM",
    "NOTTRIM",  "BOOST",  "NOTBOOST", "OTHER",    "NOTOTHER", "SHUTDOWN", ""};

std::size_t rank(const std::string& type) {
  for (std::size_t i = 0; i < kOrder.size(); ++i)
    if (type == kOrder[i]) return i;
  return kOrder.size();
}

bool is_mqtt_fault(step_kind k) {
  return k == step_kind::bridge_death || k == step_kind::broker_death;
}

// When the agent could hear nothing over MQTT: the bridge or broker outages of the scenario,
// and the broker dropping the agent on its own.
std::vector<std::pair<double, double>> mqtt_outages(const played& p) {
  std::vector<std::pair<double, double>> out;
  for (const auto& f : p.faults)
    if (is_mqtt_fault(f.kind)) out.emplace_back(f.start, f.end);
  for (const auto& d : p.broker_drops)
    out.emplace_back(d.start, d.end);
  return out;
}

std::string status_at(const played& p, double t) {
  std::string s = "OL";  // every scenario starts on line power
  for (const auto& c : p.statuses)
    if (c.t <= t) s = c.status;
  return s;
}

bool has_token(const std::string& status, const std::string& token) {
  std::size_t pos = 0;
  while (pos <= status.size()) {
    auto end = status.find(' ', pos);
    if (end == std::string::npos) end = status.size();
    if (status.compare(pos, end - pos, token) == 0) return true;
    pos = end + 1;
  }
  return false;
}

bool cal_seen_before(const played& p, double t) {
  return std::any_of(p.statuses.begin(), p.statuses.end(),
                     [&](const auto& c) { return c.t <= t && has_token(c.status, "CAL"); });
}

// A communication fault of the UPS itself (what upsmon sees as well) under way at `t`.
bool comm_fault_at(const played& p, double t) {
  return std::any_of(p.faults.begin(), p.faults.end(), [&](const auto& f) {
    return !is_mqtt_fault(f.kind) && f.start <= t && t <= f.end + 2;
  });
}

// Why the agent shut down where upsmon did not (or much earlier), when a deliberate
// difference says so; empty when nothing does.
std::string explain_agent_shutdown(const played& p, double t, const compare_options& o) {
  const auto status = status_at(p, t);
  if (has_token(status, "FSD")) return "";
  if ((has_token(status, "CAL") || has_token(status, "BYPASS")) && comm_fault_at(p, t)) {
    return fmt::format(
        "volatile: \"{}\" with the UPS unreachable is critical (upsmon 2.8.3's "
        "rule; this upsmon does not have it)",
        status);
  }
  if (o.upsmon_cal_latch && cal_seen_before(p, t)) {
    return "cal-latch: upsmon 2.8.0 never takes OB LB as critical after it once saw CAL";
  }
  return "";
}

// Both sides poll once a second and judge whole seconds: when what made one side's UPS
// critical ended (or began) within the tolerance of that moment, the other side may rightly
// have judged the other way.
bool near_a_change(const played& p, double critical_at, const compare_options& o) {
  const auto near = [&](double t) { return std::abs(t - critical_at) <= o.tolerance_s; };
  for (std::size_t i = 1; i < p.statuses.size(); ++i)
    if (near(p.statuses[i].t)) return true;
  return std::any_of(p.faults.begin(), p.faults.end(),
                     [&](const auto& f) { return near(f.start) || near(f.end); });
}

// When what upsmon acted on happened while the bridge or broker was down - upsmon took the UPS
// as critical then, or the status it acted on changed then - the agent could learn it only
// once MQTT was back, and may take settle_s from there (its reconnect, the backlog): counted
// from that moment, its shutdown is as late as upsmon's at most. Returns when MQTT was back.
std::optional<double> heard_after_mqtt_outage(const played& p, double upsmon_at, double agent_at,
                                              const compare_options& o) {
  const double critical_at = upsmon_at - o.finaldelay_s;
  double changed_at = 0;
  for (const auto& st : p.statuses)
    if (st.t <= critical_at) changed_at = st.t;
  for (const auto& [start, end] : mqtt_outages(p)) {
    const auto during = [&](double t) { return start <= t && t <= end; };
    const double learned_from = during(critical_at) ? critical_at : changed_at;
    if (!during(learned_from)) continue;
    const double allowed = end + o.settle_s - learned_from + o.tolerance_s;
    if (agent_at <= upsmon_at + allowed) return end;
  }
  return std::nullopt;
}

void judge_shutdowns(const side& upsmon, const side& agent, const played& p,
                     const compare_options& o, comparison& c, bool& drop_shutdown_events) {
  if (!upsmon.shutdown && !agent.shutdown) return;
  const auto edge = [&](double shutdown_at) {
    if (!near_a_change(p, shutdown_at - o.finaldelay_s, o)) return false;
    c.explained.push_back(
        "edge: the status or a fault changed within the polling tolerance of the moment one "
        "side took the UPS as critical");
    drop_shutdown_events = true;
    return true;
  };
  if (upsmon.shutdown && !agent.shutdown) {
    if (!edge(*upsmon.shutdown)) c.problems.push_back("upsmon shut down, the agent did not");
    return;
  }
  const double at = *agent.shutdown;
  if (!upsmon.shutdown) {
    if (edge(at)) return;
    if (auto why = explain_agent_shutdown(p, at, o); !why.empty()) {
      c.explained.push_back(why);
      drop_shutdown_events = true;
    } else {
      c.problems.push_back("the agent shut down, upsmon did not");
    }
    return;
  }
  const double late = at - *upsmon.shutdown;
  if (late > o.tolerance_s) {
    if (auto back = heard_after_mqtt_outage(p, *upsmon.shutdown, at, o)) {
      c.explained.push_back(fmt::format(
          "mqtt-late: what upsmon acted on came while the bridge or broker was down; the agent "
          "shut down {:.1f} s after upsmon, {:.1f} s after MQTT was back",
          late, at - *back));
    } else {
      c.problems.push_back(fmt::format("the agent shut down {:.1f} s after upsmon", late));
    }
  } else if (late < -o.tolerance_s) {
    if (edge(at)) return;
    if (auto why = explain_agent_shutdown(p, at, o); !why.empty()) {
      c.explained.push_back(why);
      drop_shutdown_events = true;
    } else {
      c.problems.push_back(fmt::format("the agent shut down {:.1f} s before upsmon", -late));
    }
  }
}

std::vector<timed_event> filtered(const side& s, const compare_options& o, double cut,
                                  bool drop_shutdown_events, std::size_t* uncompared) {
  std::vector<timed_event> out;
  for (const auto& e : s.events) {
    // The cut ends what is compared event by event once one side shut down; each side's own
    // SHUTDOWN stays (when it came is judged by judge_shutdowns, a late one included).
    if (e.t > cut && e.type != "SHUTDOWN") continue;
    if (!o.upsmon_types.count(e.type)) {
      if (uncompared) ++*uncompared;
      continue;
    }
    if (drop_shutdown_events && e.type == "SHUTDOWN") continue;
    out.push_back(e);
  }
  return canonical_order(std::move(out));
}

bool in_mqtt_outage(const played& p, double t, const compare_options& o) {
  const auto outages = mqtt_outages(p);
  return std::any_of(outages.begin(), outages.end(), [&](const auto& span) {
    return span.first <= t && t <= span.second + o.settle_s;
  });
}

// Around a bridge or broker outage the sides cannot be compared event by event: upsmon sees
// nothing of it, the agent raises its own COMMBAD / COMMOK, and what changed meanwhile it
// learns from the retained state as the net change (the bridge's queued events are history).
// What follows the outage, and the shutdown, are still compared: a SHUTDOWN stays even inside
// the window, or one side's decision there (seconds before the other's, just after) would read
// as a shutdown the other side lacks.
std::vector<timed_event> outside_mqtt_outages(const std::vector<timed_event>& events,
                                              const played& p, const compare_options& o,
                                              std::multiset<std::string>& dropped) {
  std::vector<timed_event> out;
  for (const auto& e : events) {
    if (e.type != "SHUTDOWN" && in_mqtt_outage(p, e.t, o)) {
      dropped.insert(e.type);
    } else {
      out.push_back(e);
    }
  }
  return out;
}

// upsmon 2.8.0 announces CAL once per run: only the first is compared.
std::vector<timed_event> first_cal_only(std::vector<timed_event> events, bool* dropped) {
  std::vector<timed_event> out;
  bool seen = false;
  for (auto& e : events) {
    if (e.type == "CAL") {
      if (seen) {
        if (dropped) *dropped = true;
        continue;
      }
      seen = true;
    }
    out.push_back(std::move(e));
  }
  return out;
}

// upsmon re-announces a condition still present when communication comes back (LOWBATT after
// COMMOK while LB stayed set); the agent runs an event's rules once per change of what it
// knows. Such a repeat of upsmon's, which the agent has no counterpart for, is dropped.
std::vector<timed_event> without_repeats_after_commok(const std::vector<timed_event>& upsmon,
                                                      const std::vector<timed_event>& agent,
                                                      double tolerance_s, bool* dropped) {
  std::vector<timed_event> out;
  double last_commok = -INFINITY;
  for (const auto& e : upsmon) {
    if (e.type == "COMMOK") last_commok = e.t;
    const bool repeat_window = e.type != "COMMOK" && e.t - last_commok <= tolerance_s;
    const bool counterpart = std::any_of(agent.begin(), agent.end(), [&](const auto& a) {
      return a.type == e.type && std::abs(a.t - e.t) <= 2 * tolerance_s;
    });
    if (repeat_window && !counterpart) {
      *dropped = true;
      continue;
    }
    out.push_back(e);
  }
  return out;
}

std::string types_of(const std::vector<timed_event>& events, double t0) {
  std::string out;
  for (const auto& e : events)
    out += fmt::format("{}{}@{:.1f}", out.empty() ? "" : " ", e.type, e.t - t0);
  return out.empty() ? "(none)" : out;
}

// The same events in the same order; except that once the first side began to shut down, the
// other may have heard one more thing (or one less) within the tolerance: a side acts on
// nothing after its own SHUTDOWN.
bool same_events(const std::vector<timed_event>& a, const std::vector<timed_event>& b,
                 double last_moments) {
  std::size_t k = 0;
  while (k < a.size() && k < b.size() && a[k].type == b[k].type)
    ++k;
  const auto late = [&](const std::vector<timed_event>& v) {
    return std::all_of(v.begin() + static_cast<std::ptrdiff_t>(k), v.end(),
                       [&](const auto& e) { return e.t >= last_moments; });
  };
  return late(a) && late(b);
}

std::size_t count_of(const std::vector<timed_event>& v, const std::string& type) {
  return static_cast<std::size_t>(
      std::count_if(v.begin(), v.end(), [&](const auto& e) { return e.type == type; }));
}

std::vector<timed_event> without(std::vector<timed_event> v, const std::string& type) {
  std::erase_if(v, [&](const auto& e) { return e.type == type; });
  return v;
}

}  // namespace

const char* name_of(verdict v) {
  switch (v) {
    case verdict::agree:
      return "agree";
    case verdict::deliberate:
      return "deliberate";
    case verdict::disagree:
      return "DISAGREE";
  }
  return "?";
}

std::set<std::string> upsmon_notify_types(const std::string& version) {
  std::set<std::string> types = {"ONLINE",  "ONBATT",   "LOWBATT",  "FSD",    "COMMOK",
                                 "COMMBAD", "SHUTDOWN", "REPLBATT", "NOCOMM", "CAL"};
  if (version.starts_with("2.8.0")) return types;
  // Later versions announce every pair nut.md lists (NOTCAL, OFF, BYPASS, ... OTHER).
  for (const auto* t : kOrder)
    if (*t) types.insert(t);
  return types;
}

bool upsmon_has_cal_latch(const std::string& version) {
  return version.starts_with("2.8.0");
}

std::vector<timed_event> canonical_order(std::vector<timed_event> events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return a.t < b.t; });
  std::size_t begin = 0;
  while (begin < events.size()) {
    std::size_t end = begin + 1;
    while (end < events.size() && events[end].t - events[end - 1].t < kBurstSeconds)
      ++end;
    std::stable_sort(events.begin() + static_cast<std::ptrdiff_t>(begin),
                     events.begin() + static_cast<std::ptrdiff_t>(end),
                     [](const auto& a, const auto& b) { return rank(a.type) < rank(b.type); });
    begin = end;
  }
  return events;
}

comparison compare(const side& upsmon, const side& agent, const played& p,
                   const compare_options& o) {
  comparison c;
  if (!p.broker_drops.empty()) {
    // Not a difference of the two programs: reported so that it is seen, and judged as an
    // outage of the agent's MQTT side.
    c.explained.push_back(
        fmt::format("broker-drop: the broker dropped the agent {} time(s) (first: {})",
                    p.broker_drops.size(), p.broker_drops.front().why));
  }
  bool drop_shutdown_events = false;
  judge_shutdowns(upsmon, agent, p, o, c, drop_shutdown_events);

  double cut = INFINITY;
  if (upsmon.shutdown) cut = std::min(cut, *upsmon.shutdown + o.tolerance_s);
  if (agent.shutdown) cut = std::min(cut, *agent.shutdown + o.tolerance_s);
  double last_moments = INFINITY;
  for (const auto* s : {&upsmon, &agent}) {
    if (s->shutdown) last_moments = std::min(last_moments, *s->shutdown - o.finaldelay_s);
    for (const auto& e : s->events)
      if (e.type == "SHUTDOWN") last_moments = std::min(last_moments, e.t);
  }
  last_moments -= o.tolerance_s;

  std::multiset<std::string> upsmon_hidden, agent_hidden;
  auto theirs = outside_mqtt_outages(filtered(upsmon, o, cut, drop_shutdown_events, nullptr), p, o,
                                     upsmon_hidden);
  auto ours = outside_mqtt_outages(
      filtered(agent, o, cut, drop_shutdown_events, &c.uncompared_events), p, o, agent_hidden);
  if (upsmon_hidden != agent_hidden) {
    c.explained.push_back(
        "mqtt-outage: around a bridge or broker outage the agent raised its own COMMBAD/COMMOK "
        "and acted on the net change");
  }
  if (o.upsmon_cal_latch) {
    bool dropped = false;
    theirs = first_cal_only(std::move(theirs), nullptr);
    ours = first_cal_only(std::move(ours), &dropped);
    if (dropped) c.explained.push_back("cal-latch: upsmon 2.8.0 announces CAL only once");
  }
  // upsmon counts NOCOMMWARNTIME from its last good poll, the bridge from its first failed
  // one (on its own poll grid): the two NOCOMMs of one loss may be seconds apart, and a COMMOK
  // may come between them. They are not part of the sequence; a different count is noted.
  if (count_of(theirs, "NOCOMM") != count_of(ours, "NOCOMM")) {
    c.explained.push_back(
        "nocomm-count: NOCOMM counted from the last good poll by upsmon, from "
        "the first failed one by the bridge");
  }
  theirs = without(std::move(theirs), "NOCOMM");
  ours = without(std::move(ours), "NOCOMM");
  bool repeats = false;
  theirs = without_repeats_after_commok(theirs, ours, o.tolerance_s, &repeats);
  if (repeats) {
    c.explained.push_back(
        "repeat: upsmon announced a condition again after COMMOK; the agent acts once per "
        "change");
  }
  c.compared_events = theirs.size();
  const double t0 = p.statuses.empty() ? 0 : p.statuses.front().t;
  if (count_of(theirs, "SHUTDOWN") != count_of(ours, "SHUTDOWN") ||
      !same_events(without(theirs, "SHUTDOWN"), without(ours, "SHUTDOWN"), last_moments)) {
    c.problems.push_back(fmt::format("events differ: upsmon {} / agent {}", types_of(theirs, t0),
                                     types_of(ours, t0)));
  }
  c.result = !c.problems.empty()   ? verdict::disagree
             : c.explained.empty() ? verdict::agree
                                   : verdict::deliberate;
  return c;
}

}  // namespace nutmqtt::differential
