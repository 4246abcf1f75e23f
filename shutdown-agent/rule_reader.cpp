#include "shutdown-agent/rule_reader.hpp"

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/ids.hpp"
#include "shutdown-agent/upsmon/import_writer.hpp"

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

struct action_entry {
  std::string_view key;
  rule_action action;
};
constexpr action_entry kActionKeys[] = {
    {"start_timer", rule_action::start_timer},
    {"start_timer_shared", rule_action::start_timer_shared},
    {"cancel_timer", rule_action::cancel_timer},
    {"cancel_timer_matched", rule_action::cancel_timer_matched},
    {"execute", rule_action::execute},
};

// Exactly one action key says what the rule does; `after` and `else_execute` go with it.
bool read_action(map_reader& m, rule& r) {
  const action_entry* chosen = nullptr;
  int given = 0;
  for (const auto& a : kActionKeys) {
    if (m.has(a.key)) {
      chosen = &a;
      ++given;
    }
  }
  if (given != 1) {
    m.report(
        "give exactly one of start_timer, start_timer_shared, cancel_timer, "
        "cancel_timer_matched or execute");
    for (const auto& a : kActionKeys)
      m.raw(a.key);
    m.raw("after");
    m.raw("else_execute");
    return false;
  }
  r.action = chosen->action;
  bool ok = read_argument(m, chosen->key, r.name);
  if (starts_timer(r.action)) {
    m.require("after");
    ok = m.read("after", r.after, 0ms, std::chrono::hours(24 * 7)) && ok;
  } else if (m.has("after")) {
    m.raw("after");  // known: reported here, not again as an unknown key
    m.report("after", "only start_timer and start_timer_shared take a delay");
    ok = false;
  }
  if (cancels_timer(r.action)) {
    if (m.has("else_execute")) ok = read_argument(m, "else_execute", r.else_execute) && ok;
  } else if (m.has("else_execute")) {
    m.raw("else_execute");
    m.report("else_execute", "only cancel_timer and cancel_timer_matched take else_execute");
    ok = false;
  }
  return ok;
}

}  // namespace

std::string_view action_key(rule_action a) {
  for (const auto& k : kActionKeys) {
    if (k.action == a) return k.key;
  }
  return "execute";
}

std::string rule_yaml(const rule& r, const std::string& ups) {
  std::string out = fmt::format("{{ at: {}, ups: {}, {}: {}", r.at, yaml_scalar(ups),
                                action_key(r.action), yaml_scalar(r.name));
  if (starts_timer(r.action)) {
    // In seconds, as upssched.conf counts them, unless a fraction needs another unit.
    out += ", after: " + (r.after.count() % 1000 == 0 ? fmt::format("{}s", r.after.count() / 1000)
                                                      : common::format_duration(r.after));
  }
  if (!r.else_execute.empty()) out += ", else_execute: " + yaml_scalar(r.else_execute);
  return out + " }";
}

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
  // Over the imported rules too: they come first in `rules`.
  for (auto& w : rule_warnings(rules))
    warnings.push_back(std::move(w));
}

}  // namespace nutmqtt::agent
