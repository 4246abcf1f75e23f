#include "shutdown-agent/supply_monitor.hpp"

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/ups_status.hpp"

namespace nutmqtt::agent {

bool supply_monitor::monitors(std::string_view ups) const {
  for (const auto& m : settings_.monitor) {
    if (m.ups == "*" || m.ups == ups) return true;
  }
  return false;
}

int supply_monitor::power_value(std::string_view ups) const {
  const monitor_entry* wildcard = nullptr;
  for (const auto& m : settings_.monitor) {
    if (m.ups == ups) return m.power_value;
    if (m.ups == "*") wildcard = &m;
  }
  return wildcard != nullptr ? wildcard->power_value : 0;
}

void supply_monitor::on_status(const std::string& ups, std::vector<std::string> flags) {
  if (!monitors(ups)) return;
  ups_[ups].flags = std::move(flags);
}

void supply_monitor::on_comm(const std::string& ups, std::optional<time_point> lost_since) {
  if (!monitors(ups)) return;
  ups_[ups].lost_since = lost_since;
}

std::vector<std::string> supply_monitor::known() const {
  std::vector<std::string> out;
  for (const auto& [name, state] : ups_)
    out.push_back(name);
  return out;
}

std::string supply_monitor::critical_reason(const ups_state& s, time_point now,
                                            std::optional<time_point>& next) const {
  using common::has_token;
  // Only the current flags count: NUT 2.8.0 stopped seeing a UPS as critical after one CAL.
  if (has_token(s.flags, "FSD")) return "FSD is set (forced shutdown)";
  if (has_token(s.flags, "OB") && has_token(s.flags, "LB")) return "on battery with low battery";
  if (has_token(s.flags, "OB") && s.lost_since) {
    const time_point dead_at = *s.lost_since + settings_.deadtime;
    if (now >= dead_at) {
      return fmt::format("last seen on battery and not heard from for more than {}",
                         common::format_duration(settings_.deadtime));
    }
    if (!next || dead_at < *next) next = dead_at;
  }
  return "";
}

supply_verdict supply_monitor::evaluate(time_point now) const {
  supply_verdict v;
  bool any_candidate = false;
  // Explicitly monitored UPSes count from the start: a UPS never heard from counts as OK.
  for (const auto& m : settings_.monitor) {
    if (m.ups == "*" || ups_.count(m.ups) != 0) continue;
    any_candidate = true;
    v.supplies += m.power_value;
  }
  for (const auto& [name, state] : ups_) {
    any_candidate = true;
    std::string reason;
    if (settings_.critical_enabled) reason = critical_reason(state, now, v.next_check);
    if (reason.empty()) {
      v.supplies += power_value(name);
    } else {
      v.critical.push_back({name, std::move(reason)});
    }
  }
  // With only "*" and nothing heard yet there is nothing to judge by, and no reason to stop.
  v.shutdown = settings_.critical_enabled && any_candidate && v.supplies < settings_.min_supplies;
  return v;
}

std::optional<time_point> supply_monitor::next_shutdown(time_point now) const {
  auto v = evaluate(now);
  // Each step passes one UPS's deadtime, so this ends after at most one step per UPS.
  for (std::size_t step = 0; step <= ups_.size(); ++step) {
    if (v.shutdown) return now;
    if (!v.next_check) return std::nullopt;
    now = *v.next_check;
    v = evaluate(now);
  }
  return std::nullopt;
}

std::map<std::string, std::vector<std::string>> supply_monitor::statuses() const {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [name, state] : ups_)
    out[name] = state.flags;
  return out;
}

}  // namespace nutmqtt::agent
