#include "shutdown-agent/logic/agent_messages.hpp"

#include <algorithm>

#include "common/version.hpp"

namespace nutmqtt::agent {
namespace {

double seconds(std::chrono::milliseconds d) {
  return static_cast<double>(d.count()) / 1000.0;
}

void add_once(action_json& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(value);
  }
}

}  // namespace

action_json outcome_action(const rule_outcome& o) {
  action_json j;
  j["action"] = outcome_name(o.kind);
  j[o.kind == outcome_kind::run_script ? "argument" : "timer"] = o.name;
  if (o.kind == outcome_kind::timer_started || o.kind == outcome_kind::timer_expired) {
    j["seconds"] = seconds(o.after);
  }
  // A timer started for an event learned late (from a retained state) counts from the event.
  if (o.elapsed.count() > 0) j["elapsed"] = seconds(o.elapsed);
  j["ups"] = o.cause.ups;
  j["event_type"] = o.cause.type;
  // The events that joined a shared timer (its expiry, its script, its cancellation).
  if (!o.cause.joined.empty()) {
    j["joined"] = action_json::array();
    for (const auto& joined : o.cause.joined)
      j["joined"].push_back({{"ups", joined.ups}, {"event_type", joined.type}});
  }
  if (!o.rule.empty()) j["rule"] = o.rule;
  return j;
}

action_json comm_action(const comm_change& c) {
  action_json j;
  j["action"] = c.lost ? "commbad" : "commok";
  j["ups"] = c.ups;
  j["source"] = source_name(c.source);
  return j;
}

std::string agent_state_json(const agent_snapshot& s) {
  action_json j;
  j["agent"] = s.agent;
  j["online"] = s.online;
  j["monitored"] = s.monitored;
  j["timers"] = action_json::array();
  for (const auto& t : s.timers) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(t.deadline - s.now);
    action_json timer = {{"name", t.name},
                         {"seconds_left", seconds(std::max(left, std::chrono::milliseconds(0)))},
                         {"ups", t.cause.ups},
                         {"event_type", t.cause.type}};
    // A shared timer: every UPS and type that started or joined it, each once.
    if (!t.cause.joined.empty()) {
      timer["upses"] = action_json::array();
      timer["event_types"] = action_json::array();
      add_once(timer["upses"], t.cause.ups);
      add_once(timer["event_types"], t.cause.type);
      for (const auto& joined : t.cause.joined) {
        add_once(timer["upses"], joined.ups);
        add_once(timer["event_types"], joined.type);
      }
    }
    j["timers"].push_back(std::move(timer));
  }
  j["critical"] = action_json::array();
  for (const auto& c : s.critical)
    j["critical"].push_back({{"ups", c.ups}, {"reason", c.reason}});
  j["shutting_down"] = s.shutting_down;
  if (s.shutting_down) j["shutdown_reason"] = s.shutdown_reason;
  j["shutdown_pending"] = s.shutdown_pending;
  // Whole seconds: what a countdown shows; null (Home Assistant's "unknown") when none runs.
  j["shutdown_in"] = nullptr;
  if (s.shutdown_in) j["shutdown_in"] = (s.shutdown_in->count() + 999) / 1000;
  j["state_text"] = s.state_text;
  j["dry_run"] = s.dry_run;
  j["version"] = kVersion;
  j["time"] = common::format_time(s.time);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string agent_event_json(action_json action, const std::string& agent, bool dry_run,
                             common::wall_clock::time_point time) {
  action_json j;
  j["agent"] = agent;
  for (auto& [key, value] : action.items())
    j[key] = std::move(value);
  j["dry_run"] = dry_run;
  j["time"] = common::format_time(time);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace nutmqtt::agent
