#include "shutdown-agent/logic/message_guard.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/ids.hpp"
#include "common/signing.hpp"

namespace nutmqtt::agent {
namespace {

using common::wall_clock;
using std::chrono::milliseconds;

guard_verdict refuse(refusal reason, std::string why) {
  return {false, reason, std::move(why), false};
}

std::string age_text(wall_clock::time_point then, wall_clock::time_point now) {
  return common::format_duration(common::time_between(then, now));
}

std::optional<wall_clock::time_point> later(std::optional<wall_clock::time_point> a,
                                            std::optional<wall_clock::time_point> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

// j[key] when it is a string, else "": a damaged state file must not throw.
std::string string_at(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<wall_clock::time_point> time_at(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return common::parse_time(it->get<std::string>());
}

}  // namespace

std::string_view refusal_name(refusal r) {
  switch (r) {
    case refusal::none:
      return "accepted";
    case refusal::not_signed:
      return "not signed";
    case refusal::bad_signature:
      return "bad signature";
    case refusal::ahead:
      return "ahead";
    case refusal::stale:
      return "stale";
    case refusal::older:
      break;
  }
  return "older";
}

std::optional<guard_verdict> message_guard::signature_problem(std::string_view payload) const {
  if (common::verify_payload(payload, settings_.key)) return std::nullopt;
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (j.is_object() && !j.contains("sig")) return refuse(refusal::not_signed, "it is not signed");
  return refuse(refusal::bad_signature,
                "its signature does not match (forged, or signed with another key)");
}

std::optional<guard_verdict> message_guard::time_problem(const std::string& bridge,
                                                         const std::string& boot,
                                                         wall_clock::time_point time,
                                                         wall_clock::time_point now) const {
  if (time > now + settings_.max_skew) {
    return refuse(
        refusal::ahead,
        fmt::format(
            "its time {} is ahead of this host's clock by {}, more than max_skew {}: check that "
            "both hosts keep time (NTP)",
            common::format_time(time), age_text(now, time),
            common::format_duration(settings_.max_skew)));
  }
  if (time < now - settings_.max_skew && !live(bridge, boot)) {
    return refuse(
        refusal::stale,
        fmt::format(
            "it is stale: {} old, more than max_skew {}, from a bridge run (boot {}) not heard "
            "live",
            age_text(time, now), common::format_duration(settings_.max_skew), boot));
  }
  return std::nullopt;
}

std::optional<guard_verdict> message_guard::older_than_accepted(const std::string& ups,
                                                                wall_clock::time_point time,
                                                                const ups_seen& seen) {
  auto latest = later(seen.state_time, seen.event_time);
  if (!latest || time >= *latest) return std::nullopt;
  return refuse(refusal::older,
                fmt::format("it is older ({}) than what was already accepted about {} ({})",
                            common::format_time(time), ups, common::format_time(*latest)));
}

guard_verdict message_guard::check_event(std::string_view payload, const common::event_message& e,
                                         wall_clock::time_point now) {
  if (!signing()) return {};
  if (auto refused = signature_problem(payload)) return *refused;
  if (auto it = ups_.find(e.ups); it != ups_.end()) {
    if (auto refused = older_than_accepted(e.ups, e.time, it->second)) return *refused;
  }
  if (auto refused = time_problem(e.bridge, e.boot, e.time, now)) return *refused;
  mark_live(e.bridge, e.boot);
  auto& seen = ups_[e.ups];
  seen.event_time = later(seen.event_time, e.time);
  return {};
}

guard_verdict message_guard::check_state(std::string_view payload, const common::state_message& s,
                                         wall_clock::time_point now) {
  if (signing()) {
    if (auto refused = signature_problem(payload)) return *refused;
  }
  auto it = ups_.find(s.ups);
  const ups_seen before = it == ups_.end() ? ups_seen{} : it->second;
  const bool same_run = before.state_time && before.state_boot == s.boot;
  if (same_run && s.time < *before.state_time) {
    return refuse(
        refusal::older,
        fmt::format("it is older ({}) than a state of the same bridge run already "
                    "accepted ({})",
                    common::format_time(s.time), common::format_time(*before.state_time)));
  }
  const bool same_again = same_run && s.time == *before.state_time;
  if (signing() && !same_again) {
    if (auto refused = older_than_accepted(s.ups, s.time, before)) return *refused;
    if (auto refused = time_problem(s.bridge, s.boot, s.time, now)) return *refused;
    mark_live(s.bridge, s.boot);
  }
  auto& seen = ups_[s.ups];
  seen.state_time = s.time;
  seen.state_boot = s.boot;
  return {true, refusal::none, {}, same_again};
}

bool message_guard::live(const std::string& bridge, const std::string& boot) const {
  return std::any_of(live_runs_.begin(), live_runs_.end(),
                     [&](const auto& run) { return run.first == bridge && run.second == boot; });
}

void message_guard::mark_live(const std::string& bridge, const std::string& boot) {
  auto it = std::find_if(live_runs_.begin(), live_runs_.end(), [&](const auto& run) {
    return run.first == bridge && run.second == boot;
  });
  if (it != live_runs_.end()) {
    if (std::next(it) == live_runs_.end()) return;
    live_runs_.erase(it);
  }
  if (live_runs_.size() == kMaxRuns) live_runs_.pop_front();
  live_runs_.emplace_back(bridge, boot);
}

nlohmann::json message_guard::save() const {
  nlohmann::json j;
  j["live_runs"] = nlohmann::json::array();
  for (const auto& [bridge, boot] : live_runs_)
    j["live_runs"].push_back({{"bridge", bridge}, {"boot", boot}});
  j["ups"] = nlohmann::json::object();
  for (const auto& [ups, seen] : ups_) {
    nlohmann::json u = nlohmann::json::object();
    if (seen.state_time) {
      u["state_time"] = common::format_time(*seen.state_time);
      u["state_boot"] = seen.state_boot;
    }
    if (seen.event_time) u["event_time"] = common::format_time(*seen.event_time);
    j["ups"][ups] = std::move(u);
  }
  return j;
}

void message_guard::restore(const nlohmann::json& saved) {
  if (!saved.is_object()) return;
  if (auto runs = saved.find("live_runs"); runs != saved.end() && runs->is_array()) {
    for (const auto& run : *runs) {
      if (!run.is_object()) continue;
      auto bridge = string_at(run, "bridge");
      auto boot = string_at(run, "boot");
      if (!bridge.empty() && !boot.empty()) mark_live(bridge, boot);
    }
  }
  auto ups = saved.find("ups");
  if (ups == saved.end() || !ups->is_object()) return;
  for (const auto& [name, u] : ups->items()) {
    if (common::id_problem(name) || !u.is_object()) continue;
    ups_seen seen;
    seen.state_time = time_at(u, "state_time");
    if (seen.state_time) seen.state_boot = string_at(u, "state_boot");
    seen.event_time = time_at(u, "event_time");
    ups_[name] = std::move(seen);
  }
}

}  // namespace nutmqtt::agent
