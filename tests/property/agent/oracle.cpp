#include "property/agent/oracle.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace nutmqtt::agent::property {
namespace {

bool has(const std::vector<std::string>& tokens, const char* token) {
  return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

}  // namespace

void oracle::told_status(int ups, const std::vector<std::string>& tokens, time_point now) {
  auto& u = ups_[ups];
  std::map<std::string, time_point> since;
  for (const auto& token : tokens) {
    auto it = u.told_since.find(token);
    since[token] =
        it != u.told_since.end() && u.status && has(*u.status, token.c_str()) ? it->second : now;
  }
  u.told_since = std::move(since);
  u.status = tokens;
}

void oracle::failed_poll(int ups, bool failing, time_point now) {
  auto& u = ups_[ups];
  if (!failing) {
    u.failing_since.reset();
  } else if (!u.failing_since) {
    u.failing_since = now;
  }
}

void oracle::hearing(int ups, bool can_hear, time_point now) {
  auto& u = ups_[ups];
  if (can_hear) {
    u.silent = false;
  } else if (!u.silent) {
    u.silent = true;
    u.silent_since = now;
  }
}

void oracle::agent_stopped() {
  for (auto& [index, u] : ups_)
    u.heard_at_stop = !u.silent;
}

void oracle::agent_started(time_point now) {
  // The agent cannot count a silence while it does not run: a UPS it heard when it stopped is
  // silent from its restart on; one already silent when it stopped stays silent since then.
  for (auto& [index, u] : ups_) {
    if (u.heard_at_stop && u.silent) u.silent_since = now;
    u.heard_at_stop = false;
  }
}

int oracle::power_value(const std::string& id, bool& monitored) const {
  monitored = false;
  int wildcard = 0;
  bool has_wildcard = false;
  for (const auto& m : config_.monitor) {
    if (m.ups == id) {
      monitored = true;
      return m.power_value;
    }
    if (m.ups == "*") {
      has_wildcard = true;
      wildcard = m.power_value;
    }
  }
  monitored = has_wildcard;
  return wildcard;
}

bool oracle::critical(int ups, time_point now) const {
  auto it = ups_.find(ups);
  if (it == ups_.end() || !it->second.status) return false;
  const auto& u = it->second;
  const auto& s = *u.status;
  const auto& c = config_;
  auto since = [&](const char* token) { return u.told_since.at(token); };
  auto silent_for = [&](ms d) { return u.silent && now - u.silent_since >= d; };
  if (has(s, "FSD")) return true;
  const bool volatile_status = has(s, "CAL") || has(s, "BYPASS") ||
                               (has(s, "ALARM") && c.alarm_critical) ||
                               (has(s, "OFF") && c.off_duration);
  if (volatile_status && (u.failing_since || silent_for(c.deadtime))) return true;
  if (has(s, "OVER") && c.over_duration && u.silent &&
      now - std::max(u.silent_since, since("OVER")) >= *c.over_duration) {
    return true;
  }
  if (has(s, "OFF") && c.off_duration && now - since("OFF") >= *c.off_duration) return true;
  // OB LB, reported or assumed of a UPS on battery silent for DEADTIME.
  if (!has(s, "OB") || (has(s, "CAL") && !u.silent)) return false;
  time_point low_since, last_seen_otherwise;
  if (has(s, "LB")) {
    low_since = last_seen_otherwise = std::max(since("OB"), since("LB"));
  } else if (silent_for(c.deadtime)) {
    last_seen_otherwise = u.silent_since;
    low_since = u.silent_since + c.deadtime;
  } else {
    return false;
  }
  return now - low_since >= c.oblb_duration && now - last_seen_otherwise >= c.wait_for_primary;
}

bool oracle::shutdown_due(time_point now) const {
  if (fsd_requested_) return true;
  int supplies = 0;
  bool anything_to_judge = false;
  // Explicit MONITOR lines count whether heard of or not (never heard of: supplying).
  for (const auto& m : config_.monitor) {
    if (m.ups == "*") continue;
    anything_to_judge = true;
    int index = -1;
    for (int i = 0; i < config_.ups_count; ++i) {
      if (ups_id(i) == m.ups) index = i;
    }
    if (index < 0 || !critical(index, now)) supplies += m.power_value;
  }
  // UPSes covered only by "*" count once heard of.
  for (const auto& [index, u] : ups_) {
    if (!u.status) continue;
    bool monitored = false;
    const int value = power_value(ups_id(index), monitored);
    const std::string id = ups_id(index);
    const bool explicit_entry = std::any_of(config_.monitor.begin(), config_.monitor.end(),
                                            [&](const monitor_entry& m) { return m.ups == id; });
    if (!monitored || explicit_entry) continue;
    anything_to_judge = true;
    if (!critical(index, now)) supplies += value;
  }
  return anything_to_judge && supplies < config_.min_supplies;
}

std::vector<time_point> oracle::thresholds(const ups_view& u) const {
  const auto& c = config_;
  std::vector<time_point> out;
  for (const auto& [token, since] : u.told_since) {
    if (token == "OFF" && c.off_duration) out.push_back(since + *c.off_duration);
    if (token == "OB" || token == "LB") {
      out.push_back(since + c.oblb_duration);
      out.push_back(since + c.wait_for_primary);
    }
    if (token == "OVER" && c.over_duration && u.silent) {
      out.push_back(std::max(since, u.silent_since) + *c.over_duration);
    }
  }
  if (u.silent) {
    for (ms d : {c.deadtime, c.deadtime + c.oblb_duration, c.wait_for_primary})
      out.push_back(u.silent_since + d);
  }
  return out;
}

std::optional<time_point> oracle::next_change(time_point now) const {
  std::optional<time_point> next;
  for (const auto& [index, u] : ups_) {
    if (!u.status) continue;
    for (const time_point at : thresholds(u)) {
      if (at > now && (!next || at < *next)) next = at;
    }
  }
  return next;
}

std::string oracle::explain(time_point now) const {
  std::string out = fmt::format("oracle: shutdown {}due;", shutdown_due(now) ? "" : "not ");
  for (const auto& [index, u] : ups_) {
    out +=
        fmt::format(" {}=[{}]{}{}", ups_id(index),
                    u.status ? fmt::format("{}", fmt::join(*u.status, " ")) : "never heard",
                    u.silent ? fmt::format(" silent for {}ms", (now - u.silent_since) / ms(1)) : "",
                    critical(index, now) ? " CRITICAL" : "");
  }
  return out;
}

}  // namespace nutmqtt::agent::property
