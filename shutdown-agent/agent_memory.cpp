#include "shutdown-agent/agent_memory.hpp"

#include <fmt/format.h>

#include "common/ids.hpp"
#include "shutdown-agent/logic/rule.hpp"

namespace nutmqtt::agent {
namespace {

using common::wall_clock;
using nlohmann::json;

constexpr int kFormat = 1;
// Rules accept delays of up to a week; a longer saved length is damage.
constexpr std::uint64_t kMaxTimerMs = 7ULL * 24 * 3600 * 1000;

std::string string_at(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<wall_clock::time_point> time_at(const json& j, const char* key) {
  return common::parse_time(string_at(j, key));
}

json object_at(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : json::object();
}

// The events that joined a shared timer; written since shared timers exist (a file without
// them is a timer nobody joined). A damaged entry is dropped: the timer still fires, as if
// that event had not joined (a CANCEL-TIMER-MATCHED only it matched then keeps the timer).
std::vector<joined_event> read_joined(const json& t) {
  std::vector<joined_event> out;
  auto joined = t.find("joined");
  if (joined == t.end() || !joined->is_array()) return out;
  for (const auto& j : *joined) {
    if (!j.is_object()) continue;
    joined_event e{normalize_notify_type(string_at(j, "event_type")), string_at(j, "ups")};
    if (notify_type_problem(e.type) || (!e.ups.empty() && common::id_problem(e.ups))) continue;
    out.push_back(std::move(e));
  }
  return out;
}

json joined_json(const std::vector<joined_event>& joined) {
  json out = json::array();
  for (const auto& j : joined)
    out.push_back({{"event_type", j.type}, {"ups", j.ups}});
  return out;
}

// A timer as saved, or nullopt when an entry is damaged (it is then dropped, not guessed).
std::optional<saved_timer> read_timer(const json& t) {
  if (!t.is_object()) return std::nullopt;
  saved_timer out;
  out.name = string_at(t, "name");
  auto deadline = time_at(t, "deadline");
  auto length = t.find("length_ms");
  if (script_argument_problem(out.name) || !deadline || length == t.end() ||
      !length->is_number_unsigned() || length->get<std::uint64_t>() > kMaxTimerMs) {
    return std::nullopt;
  }
  out.deadline = *deadline;
  out.length = std::chrono::milliseconds(length->get<std::int64_t>());
  out.cause.type = normalize_notify_type(string_at(t, "event_type"));
  out.cause.ups = string_at(t, "ups");
  if (notify_type_problem(out.cause.type) ||
      (!out.cause.ups.empty() && common::id_problem(out.cause.ups))) {
    return std::nullopt;
  }
  // The script's NOTIFYMSG is the agent's own wording, made again rather than read back.
  out.cause.message = notify_message(out.cause.type, out.cause.ups);
  out.cause.joined = read_joined(t);
  return out;
}

// A damaged entry still says that a shutdown had begun: carried on as begun now, rather than
// forgotten (a missed shutdown is worse than a late one).
std::optional<saved_shutdown> read_shutdown(const json& j) {
  if (j.empty()) return std::nullopt;
  saved_shutdown out;
  out.reason = string_at(j, "reason");
  if (out.reason.empty()) out.reason = "a shutdown begun before the agent restarted";
  out.begun = time_at(j, "begun").value_or(wall_clock::now());
  auto run = j.find("command_run");
  out.command_run = run != j.end() && run->is_boolean() && run->get<bool>();
  return out;
}

// {"since":..., "sources":[...], "failed_poll_since":...}, or the bare time an older agent
// wrote. Unknown source names are left to the agent (comm_tracker) to skip.
std::optional<saved_loss> read_loss(const json& j) {
  if (j.is_string()) {
    auto since = common::parse_time(j.get<std::string>());
    return since ? std::optional<saved_loss>(saved_loss{*since, {}, std::nullopt}) : std::nullopt;
  }
  if (!j.is_object()) return std::nullopt;
  auto since = time_at(j, "since");
  if (!since) return std::nullopt;
  saved_loss out{*since, {}, time_at(j, "failed_poll_since")};
  if (auto sources = j.find("sources"); sources != j.end() && sources->is_array()) {
    for (const auto& s : *sources) {
      if (s.is_string()) out.sources.push_back(s.get<std::string>());
    }
  }
  return out;
}

}  // namespace

std::string memory_json(const agent_memory& m, const std::string& agent, bool dry_run) {
  json j;
  j["format"] = kFormat;
  j["agent"] = agent;
  j["dry_run"] = dry_run;
  j["knowledge"] = m.knowledge;
  j["guard"] = m.guard;
  j["timers"] = json::array();
  for (const auto& t : m.timers) {
    json timer = {{"name", t.name},
                  {"deadline", common::format_time(t.deadline)},
                  {"length_ms", t.length.count()},
                  {"event_type", t.cause.type},
                  {"ups", t.cause.ups}};
    if (!t.cause.joined.empty()) timer["joined"] = joined_json(t.cause.joined);
    j["timers"].push_back(std::move(timer));
  }
  j["comm_lost"] = json::object();
  for (const auto& [ups, loss] : m.comm_lost) {
    json entry = {{"since", common::format_time(loss.since)}, {"sources", loss.sources}};
    if (loss.failed_poll_since)
      entry["failed_poll_since"] = common::format_time(*loss.failed_poll_since);
    j["comm_lost"][ups] = std::move(entry);
  }
  j["statuses"] = json::object();
  for (const auto& [ups, flags] : m.statuses)
    j["statuses"][ups] = flags;
  j["status_since"] = json::object();
  for (const auto& [ups, tokens] : m.status_since) {
    auto entry = json::object();
    for (const auto& [token, at] : tokens)
      entry[token] = common::format_time(at);
    j["status_since"][ups] = std::move(entry);
  }
  j["bridges"] = json::object();
  for (const auto& [ups, bridge] : m.bridges)
    j["bridges"][ups] = bridge;
  if (m.shutdown) {
    j["shutdown"] = {{"reason", m.shutdown->reason},
                     {"begun", common::format_time(m.shutdown->begun)},
                     {"command_run", m.shutdown->command_run}};
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

common::parse_result<agent_memory> parse_memory(std::string_view text, const std::string& agent,
                                                bool dry_run) {
  using result = common::parse_result<agent_memory>;
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return result::fail("not a JSON object");
  auto format = j.find("format");
  if (format == j.end() || *format != kFormat) return result::fail("unknown format");
  if (string_at(j, "agent") != agent) {
    return result::fail(
        fmt::format("written by agent \"{}\", not \"{}\"", string_at(j, "agent"), agent));
  }
  auto mode = j.find("dry_run");
  if (mode == j.end() || !mode->is_boolean() || mode->get<bool>() != dry_run) {
    return result::fail(dry_run ? "written by an agent that really acted, not by a dry run"
                                : "written by a dry run, which only pretended to act");
  }
  agent_memory m;
  m.knowledge = object_at(j, "knowledge");
  m.guard = object_at(j, "guard");
  if (auto timers = j.find("timers"); timers != j.end() && timers->is_array()) {
    for (const auto& t : *timers) {
      if (auto timer = read_timer(t)) m.timers.push_back(std::move(*timer));
    }
  }
  // Named: a range-for over items() of a temporary would outlive the temporary.
  const json comm_lost = object_at(j, "comm_lost");
  for (const auto& [ups, loss] : comm_lost.items()) {
    if (auto saved = read_loss(loss); saved && !common::id_problem(ups)) {
      m.comm_lost[ups] = std::move(*saved);
    }
  }
  const json statuses = object_at(j, "statuses");
  for (const auto& [ups, flags] : statuses.items()) {
    if (common::id_problem(ups) || !flags.is_array()) continue;
    auto& out = m.statuses[ups];
    for (const auto& f : flags) {
      if (f.is_string()) out.push_back(f.get<std::string>());
    }
  }
  const json status_since = object_at(j, "status_since");
  for (const auto& [ups, tokens] : status_since.items()) {
    if (common::id_problem(ups) || !tokens.is_object()) continue;
    for (const auto& [token, at] : tokens.items()) {
      auto t = at.is_string() ? common::parse_time(at.get<std::string>()) : std::nullopt;
      if (t) m.status_since[ups][token] = *t;
    }
  }
  const json bridges = object_at(j, "bridges");
  for (const auto& [ups, bridge] : bridges.items()) {
    if (!common::id_problem(ups) && bridge.is_string() &&
        !common::id_problem(bridge.get<std::string>())) {
      m.bridges[ups] = bridge.get<std::string>();
    }
  }
  m.shutdown = read_shutdown(object_at(j, "shutdown"));
  return result::ok(std::move(m));
}

}  // namespace nutmqtt::agent
