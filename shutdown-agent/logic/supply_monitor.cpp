#include "shutdown-agent/logic/supply_monitor.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/ups_status.hpp"

namespace nutmqtt::agent {
namespace {

using common::has_token;

// A candidate time at which a rule makes the UPS critical, with the rule's words.
struct candidate {
  time_point at;
  std::string reason;
};

void consider(std::optional<candidate>& best, time_point at, std::string reason) {
  if (!best || at < best->at) best = candidate{at, std::move(reason)};
}

time_point seen_since(const std::map<std::string, time_point, std::less<>>& since,
                      std::string_view token) {
  auto it = since.find(token);
  return it == since.end() ? time_point::max() : it->second;
}

}  // namespace

supply_monitor::supply_monitor(supply_settings s) : settings_(std::move(s)) {
  for (const auto& m : settings_.monitor) {
    if (m.ups == "*") continue;
    unheard_supplies_ += m.power_value;
    unheard_explicit_ = true;
  }
}

bool supply_monitor::monitors(std::string_view ups) const {
  for (const auto& m : settings_.monitor) {
    if (m.ups == "*" || m.ups == ups) return true;
  }
  return false;
}

bool supply_monitor::monitors_by_name(std::string_view ups) const {
  for (const auto& m : settings_.monitor) {
    if (m.ups == ups) return true;
  }
  return false;
}

int supply_monitor::power_value(std::string_view ups, bool& explicit_entry) const {
  const monitor_entry* wildcard = nullptr;
  explicit_entry = false;
  for (const auto& m : settings_.monitor) {
    if (m.ups == ups) {
      explicit_entry = true;
      return m.power_value;
    }
    if (m.ups == "*") wildcard = &m;
  }
  return wildcard != nullptr ? wildcard->power_value : 0;
}

void supply_monitor::on_status(const std::string& ups, std::vector<std::string> flags,
                               time_point now) {
  if (!monitors(ups)) return;
  auto [it, added] = ups_.try_emplace(ups);
  auto& s = it->second;
  if (added) {
    s.power = power_value(ups, s.explicit_entry);
    if (s.explicit_entry) unheard_supplies_ -= s.power;
    heard_supplies_ += s.power;
  }
  // Each token counts from when it was first seen: OFF for off_duration, OB LB for
  // oblb_duration and the wait for the primary.
  for (auto t = s.since.begin(); t != s.since.end();) {
    t = has_token(flags, t->first) ? std::next(t) : s.since.erase(t);
  }
  for (const auto& token : flags)
    s.since.emplace(token, now);
  s.flags = std::move(flags);
  reevaluate(ups, s, now);
}

void supply_monitor::on_comm(const std::string& ups, comm_state comm, time_point now) {
  auto it = ups_.find(ups);
  if (it == ups_.end()) return;  // never heard of: nothing to judge yet
  it->second.comm = comm;
  reevaluate(ups, it->second, now);
}

std::optional<std::pair<time_point, std::string>> supply_monitor::critical_from(
    const ups_state& s) const {
  if (!settings_.critical_enabled) return std::nullopt;
  const auto& f = s.flags;
  const auto& c = settings_;
  std::optional<candidate> best;
  if (has_token(f, "FSD")) consider(best, time_point::min(), "FSD is set (forced shutdown)");
  // Volatile states: upsmon takes the UPS as dead at the first failed poll. A path that is
  // down (bridge, broker, the agent's restart) is a silence, judged after deadtime.
  struct volatile_state {
    std::string_view token, words;
    bool applies;
  };
  for (const auto& v :
       {volatile_state{"CAL", "calibrating", true}, volatile_state{"BYPASS", "on bypass", true},
        volatile_state{"ALARM", "in alarm (alarm_critical)", c.alarm_critical},
        volatile_state{"OFF", "output off", c.off_duration.has_value()}}) {
    if (!v.applies || !has_token(f, v.token)) continue;
    if (s.comm.failed_poll_since) {
      consider(best, *s.comm.failed_poll_since,
               fmt::format("{} and the bridge cannot poll it", v.words));
    }
    if (s.comm.lost_since) {
      consider(best, *s.comm.lost_since + c.deadtime,
               fmt::format("{} and not heard from for more than {}", v.words,
                           common::format_duration(c.deadtime)));
    }
  }
  if (c.over_duration && has_token(f, "OVER") && s.comm.lost_since) {
    const time_point from = std::max(*s.comm.lost_since, seen_since(s.since, "OVER"));
    consider(best, from + *c.over_duration,
             fmt::format("overloaded and not heard from for more than {}",
                         common::format_duration(*c.over_duration)));
  }
  if (c.off_duration && has_token(f, "OFF")) {
    consider(best, seen_since(s.since, "OFF") + *c.off_duration,
             fmt::format("output off for more than {}: it no longer feeds the host",
                         common::format_duration(*c.off_duration)));
  }
  // OB LB, as reported or as upsmon promotes a UPS on battery that stays silent.
  const bool ob = has_token(f, "OB");
  const bool calibrating = has_token(f, "CAL") && !s.comm.lost_since;
  if (ob && !calibrating && (has_token(f, "LB") || s.comm.lost_since)) {
    time_point oblb_from, noncritical_until;
    std::string why;
    if (has_token(f, "LB")) {
      oblb_from = noncritical_until =
          std::max(seen_since(s.since, "OB"), seen_since(s.since, "LB"));
      why = "on battery with low battery";
    } else {
      noncritical_until = *s.comm.lost_since;
      oblb_from = noncritical_until + c.deadtime;
      why = fmt::format("last seen on battery and not heard from for more than {}",
                        common::format_duration(c.deadtime));
    }
    consider(best, std::max(oblb_from + c.oblb_duration, noncritical_until + c.wait_for_primary),
             std::move(why));
  }
  if (!best) return std::nullopt;
  return std::make_pair(best->at, std::move(best->reason));
}

void supply_monitor::reevaluate(const std::string& ups, ups_state& s, time_point now) const {
  const bool was_critical = !s.reason.empty();
  const std::string old_reason = s.reason;
  if (s.critical_at) pending_.erase({*s.critical_at, ups});
  s.critical_at.reset();
  s.reason.clear();
  if (auto c = critical_from(s)) {
    if (c->first <= now) {
      s.reason = std::move(c->second);
    } else {
      s.critical_at = c->first;
      pending_.emplace(c->first, ups);
    }
  }
  const bool is_critical = !s.reason.empty();
  if (was_critical != is_critical) heard_supplies_ += is_critical ? -s.power : s.power;
  if (old_reason == s.reason) return;
  if (is_critical) {
    critical_[ups] = s.reason;
  } else {
    critical_.erase(ups);
  }
  ++critical_version_;
}

void supply_monitor::catch_up(time_point now) const {
  while (!pending_.empty() && pending_.begin()->first <= now) {
    const std::string ups = pending_.begin()->second;
    auto& s = ups_.at(ups);
    reevaluate(ups, s, now);
  }
}

std::vector<std::string> supply_monitor::known() const {
  std::vector<std::string> out;
  out.reserve(ups_.size());
  for (const auto& [name, state] : ups_)
    out.push_back(name);
  return out;
}

supply_verdict supply_monitor::evaluate(time_point now) const {
  catch_up(now);
  supply_verdict v;
  v.supplies = unheard_supplies_ + heard_supplies_;
  if (!pending_.empty()) v.next_check = pending_.begin()->first;
  // With only "*" and nothing heard yet there is nothing to judge by, and no reason to stop.
  const bool anything = unheard_explicit_ || !ups_.empty();
  v.shutdown = settings_.critical_enabled && anything && v.supplies < settings_.min_supplies;
  return v;
}

std::optional<time_point> supply_monitor::next_shutdown(time_point now) const {
  auto v = evaluate(now);
  if (!settings_.critical_enabled) return std::nullopt;
  if (v.shutdown) return now;
  // Time passing only makes UPSes critical, in the order of pending_: the host goes down when
  // enough of them have.
  int supplies = v.supplies;
  for (const auto& [at, ups] : pending_) {
    supplies -= ups_.at(ups).power;
    if (supplies < settings_.min_supplies) return at;
  }
  return std::nullopt;
}

std::map<std::string, std::map<std::string, time_point>> supply_monitor::token_since() const {
  std::map<std::string, std::map<std::string, time_point>> out;
  for (const auto& [name, state] : ups_)
    out[name] = {state.since.begin(), state.since.end()};
  return out;
}

void supply_monitor::restore_since(const std::string& ups,
                                   const std::map<std::string, time_point>& since, time_point now) {
  auto it = ups_.find(ups);
  if (it == ups_.end()) return;
  for (auto& [token, at] : it->second.since) {
    if (auto saved = since.find(token); saved != since.end()) at = std::min(saved->second, now);
  }
  reevaluate(ups, it->second, now);
}

std::vector<critical_ups> supply_monitor::critical() const {
  std::vector<critical_ups> out;
  for (const auto& [ups, reason] : critical_)
    out.push_back({ups, reason});
  return out;
}

std::map<std::string, std::vector<std::string>> supply_monitor::statuses() const {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [name, state] : ups_)
    out[name] = state.flags;
  return out;
}

}  // namespace nutmqtt::agent
