#include "shutdown-agent/logic/ups_knowledge.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/ids.hpp"
#include "common/ups_status.hpp"

namespace nutmqtt::agent {
namespace {

using common::event_type;
using common::wall_clock;

struct condition_kind {
  std::string_view key;                        // state-file key, and how logs name it
  std::array<std::string_view, 2> set_tokens;  // any of them in the status: set
  std::string_view unset_token;                // "": absence means unset; else it must be there
  std::optional<event_type> on_set, on_unset;  // what the bridge announces
  std::string_view words;                      // for describe()
};

// In the order the bridge publishes the events of one poll.
constexpr std::array<condition_kind, ups_knowledge::kConditions> kKinds = {{
    {"OB", {"OB", ""}, "OL", event_type::onbatt, event_type::online, "on battery"},
    {"LB", {"LB", ""}, "", event_type::lowbatt, std::nullopt, "low battery"},
    {"FSD", {"FSD", ""}, "", event_type::fsd, std::nullopt, "forced shutdown"},
    {"CAL", {"CAL", ""}, "", event_type::cal, event_type::notcal, "calibrating"},
    {"OFF", {"OFF", ""}, "", event_type::off, event_type::notoff, "output off"},
    {"BYPASS", {"BYPASS", ""}, "", event_type::bypass, event_type::notbypass, "on bypass"},
    {"ECO", {"ECO", "HE"}, "", event_type::eco, event_type::noteco, "eco mode"},
    {"OVER", {"OVER", ""}, "", event_type::over, event_type::notover, "overloaded"},
    {"TRIM", {"TRIM", ""}, "", event_type::trim, event_type::nottrim, "trimming"},
    {"BOOST", {"BOOST", ""}, "", event_type::boost, event_type::notboost, "boosting"},
}};

// The set token of `k` present in `flags`, or "".
std::string_view present_set_token(const condition_kind& k, const std::vector<std::string>& flags) {
  for (auto token : k.set_tokens) {
    if (!token.empty() && common::has_token(flags, token)) return token;
  }
  return {};
}

wall_clock::time_point since_of(std::string_view token,
                                const std::map<std::string, wall_clock::time_point>& since,
                                wall_clock::time_point fallback) {
  if (token.empty()) return fallback;
  auto it = since.find(std::string(token));
  return it == since.end() ? fallback : it->second;
}

}  // namespace

bool ups_knowledge::learn_event(const std::string& ups, event_type type,
                                wall_clock::time_point time) {
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    const auto& k = kKinds[i];
    const bool sets = k.on_set == type;
    if (!sets && k.on_unset != type) continue;
    auto& c = ups_[ups][i];
    const known target = sets ? known::set : known::unset;
    if (c.state == target) return false;
    if (i == 0) line_changed(ups, c.state, target);
    c.state = target;
    c.since = time;
    return true;
  }
  return true;
}

std::optional<std::size_t> ups_knowledge::condition_of(event_type type) {
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    if (kKinds[i].on_set == type || kKinds[i].on_unset == type) return i;
  }
  return std::nullopt;
}

bool ups_knowledge::clears(event_type type) {
  return std::any_of(kKinds.begin(), kKinds.end(),
                     [&](const auto& k) { return k.on_unset == type; });
}

bool ups_knowledge::known_at_all(std::string_view ups, std::size_t index) const {
  auto it = ups_.find(ups);
  return it != ups_.end() && index < kKinds.size() && it->second[index].state != known::unknown;
}

bool ups_knowledge::holds(std::string_view ups, event_type type) const {
  auto it = ups_.find(ups);
  if (it == ups_.end()) return false;
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    const auto& k = kKinds[i];
    if (k.on_set == type) return it->second[i].state == known::set;
    if (k.on_unset == type) return it->second[i].state == known::unset;
  }
  return false;
}

std::optional<wall_clock::time_point> ups_knowledge::since(std::string_view ups,
                                                           event_type type) const {
  if (!holds(ups, type)) return std::nullopt;
  const auto& conds = ups_.find(ups)->second;
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    if (kKinds[i].on_set == type || kKinds[i].on_unset == type) return conds[i].since;
  }
  return std::nullopt;
}

std::vector<learned_event> ups_knowledge::learn_state(
    const std::string& ups, const std::vector<std::string>& flags,
    const std::map<std::string, wall_clock::time_point>& since, wall_clock::time_point time) {
  std::vector<learned_event> out;
  if (flags.empty()) return out;
  auto& conds = ups_[ups];
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    const auto& k = kKinds[i];
    const auto set_token = present_set_token(k, flags);
    const bool unset_seen = k.unset_token.empty() || common::has_token(flags, k.unset_token);
    if (set_token.empty() && !unset_seen) continue;  // the latched line state: no news
    auto& c = conds[i];
    const known target = set_token.empty() ? known::unset : known::set;
    const known previous = c.state;
    if (previous == target) continue;
    if (i == 0) line_changed(ups, previous, target);
    c.state = target;
    c.since = since_of(set_token.empty() ? k.unset_token : set_token, since, time);
    if (target == known::set && k.on_set) out.push_back({*k.on_set, c.since});
    if (target == known::unset && previous == known::set && k.on_unset) {
      out.push_back({*k.on_unset, c.since});
    }
  }
  return out;
}

void ups_knowledge::saw_state(const std::string& ups, const std::string& bridge,
                              const std::string& boot, std::uint64_t seq) {
  auto& r = states_[ups];
  if (r.bridge == bridge && r.boot == boot && seq <= r.seq) return;  // a copy of an older one
  r = {bridge, boot, seq};
}

bool ups_knowledge::overtaken(std::string_view ups, std::string_view bridge, std::string_view boot,
                              std::uint64_t seq) const {
  auto it = states_.find(ups);
  return it != states_.end() && it->second.bridge == bridge && it->second.boot == boot &&
         seq <= it->second.seq;
}

void ups_knowledge::line_changed(const std::string& ups, known before, known after) {
  if (before == known::unknown && after != known::unknown) ++line_known_;
  if (before != known::unknown && after == known::unknown) --line_known_;
  if (after == known::set) {
    on_battery_.insert(ups);
  } else {
    on_battery_.erase(ups);
  }
}

std::optional<bool> ups_knowledge::on_battery(std::string_view ups) const {
  auto it = ups_.find(ups);
  if (it == ups_.end() || it->second[0].state == known::unknown) return std::nullopt;
  return it->second[0].state == known::set;
}

std::optional<wall_clock::time_point> ups_knowledge::on_battery_since(std::string_view ups) const {
  auto it = ups_.find(ups);
  if (it == ups_.end() || it->second[0].state != known::set) return std::nullopt;
  return it->second[0].since;
}

std::string ups_knowledge::describe(std::string_view ups) const {
  auto it = ups_.find(ups);
  if (it == ups_.end()) return "nothing known yet";
  const auto& conds = it->second;
  std::string out;
  switch (conds[0].state) {
    case known::set:
      out = "on battery since " + common::format_time(conds[0].since);
      break;
    case known::unset:
      out = "on line power";
      break;
    case known::unknown:
      out = "line state unknown";
      break;
  }
  for (std::size_t i = 1; i < kKinds.size(); ++i) {
    if (conds[i].state == known::set) out += fmt::format(", {}", kKinds[i].words);
  }
  return out;
}

nlohmann::json ups_knowledge::save() const {
  auto out = nlohmann::json::object();
  for (const auto& [ups, conds] : ups_) {
    auto entry = nlohmann::json::object();
    for (std::size_t i = 0; i < kKinds.size(); ++i) {
      if (conds[i].state == known::unknown) continue;
      const std::string key(kKinds[i].key);
      if (conds[i].state == known::set) {
        entry[key] = common::format_time(conds[i].since);
      } else {
        entry[key] = false;
      }
    }
    if (auto r = states_.find(ups); r != states_.end()) {
      entry["state"] = {
          {"bridge", r->second.bridge}, {"boot", r->second.boot}, {"seq", r->second.seq}};
    }
    out[ups] = std::move(entry);
  }
  return out;
}

void ups_knowledge::restore(const nlohmann::json& saved) {
  if (!saved.is_object()) return;
  for (const auto& [ups, entry] : saved.items()) {
    if (common::id_problem(ups) || !entry.is_object()) continue;
    auto& conds = ups_[ups];
    if (auto r = entry.find("state"); r != entry.end() && r->is_object()) {
      auto bridge = r->find("bridge");
      auto boot = r->find("boot");
      auto seq = r->find("seq");
      if (bridge != r->end() && bridge->is_string() && boot != r->end() && boot->is_string() &&
          seq != r->end() && seq->is_number_unsigned()) {
        states_[ups] = {bridge->get<std::string>(), boot->get<std::string>(),
                        seq->get<std::uint64_t>()};
      }
    }
    for (std::size_t i = 0; i < kKinds.size(); ++i) {
      auto it = entry.find(std::string(kKinds[i].key));
      if (it == entry.end()) continue;
      const known before = conds[i].state;
      if (it->is_boolean() && !it->get<bool>()) {
        conds[i].state = known::unset;
      } else if (auto t =
                     it->is_string() ? common::parse_time(it->get<std::string>()) : std::nullopt) {
        conds[i] = {known::set, *t};
      }
      if (i == 0) line_changed(ups, before, conds[i].state);
    }
  }
}

}  // namespace nutmqtt::agent
