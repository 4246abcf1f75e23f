#include "shutdown-agent/rule_reader.hpp"

#include <fmt/format.h>

#include "common/ids.hpp"

namespace nutmqtt::agent {
namespace {

using namespace std::chrono_literals;
using common::map_reader;

bool read_argument(map_reader& m, std::string_view key, std::string& out) {
  if (!m.read(key, out)) return false;
  if (auto why = script_argument_problem(out)) {
    m.report(key, *why);
    return false;
  }
  return true;
}

// Exactly one of start_timer, cancel_timer and execute says what the rule does.
bool read_action(map_reader& m, rule& r) {
  const bool start = m.has("start_timer");
  const bool cancel = m.has("cancel_timer");
  const bool execute = m.has("execute");
  if (static_cast<int>(start) + static_cast<int>(cancel) + static_cast<int>(execute) != 1) {
    m.report("give exactly one of start_timer, cancel_timer or execute");
    m.raw("start_timer");
    m.raw("cancel_timer");
    m.raw("execute");
    m.raw("after");
    m.raw("else_execute");
    return false;
  }
  bool ok = true;
  if (start) {
    r.action = rule_action::start_timer;
    ok = read_argument(m, "start_timer", r.name);
    m.require("after");
    ok = m.read("after", r.after, 0ms, std::chrono::hours(24 * 7)) && ok;
  } else if (cancel) {
    r.action = rule_action::cancel_timer;
    ok = read_argument(m, "cancel_timer", r.name);
    if (m.has("else_execute")) ok = read_argument(m, "else_execute", r.else_execute) && ok;
  } else {
    r.action = rule_action::execute;
    ok = read_argument(m, "execute", r.name);
  }
  if (!start && m.has("after")) {
    m.report("after", "only start_timer takes a delay");
    ok = false;
  }
  if (!cancel && m.has("else_execute")) {
    m.report("else_execute", "only cancel_timer takes else_execute");
    ok = false;
  }
  return ok;
}

}  // namespace

void read_rules(map_reader& root, std::vector<rule>& rules, std::vector<std::string>& warnings) {
  for (auto& m : root.maps("rules")) {
    rule r;
    r.origin = m.path();
    bool ok = true;
    m.require("at");
    std::string at;
    if (m.read("at", at)) {
      if (auto why = notify_type_problem(at)) {
        m.report("at", *why);
        ok = false;
      }
      r.at = normalize_notify_type(at);
    } else {
      ok = false;
    }
    if (m.read("ups", r.ups) && r.ups != "*") {
      if (auto why = common::id_problem(r.ups)) {
        m.report("ups", "the UPS id " + *why);
        ok = false;
      }
      if (auto warning = upssched_ups_name_warning(r.ups)) {
        warnings.push_back(fmt::format("{}.ups: {}", m.path(), *warning));
      }
    }
    ok = read_action(m, r) && ok;
    m.finish();
    if (ok) rules.push_back(std::move(r));
  }
}

}  // namespace nutmqtt::agent
