// The entities that act on a UPS: a button per instant command, and a number, select or text
// per writable variable. Each keeps Home Assistant's own limits (number max > min and the current
// value in range, select options containing the current value, text at most 255 characters) so
// that no state the UPS reports makes Home Assistant refuse it.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "homeassistant/discovery/discovery_ids.hpp"
#include "homeassistant/entities/command_names.hpp"
#include "homeassistant/entities/ups_entities.hpp"
#include "homeassistant/variables/variable_metadata.hpp"

namespace nutmqtt::ha {
namespace {

using nlohmann::json;

// NUT uses -1 for "disabled" delays and timers; a week is 604800 s: leave room for both.
constexpr double kDefaultMin = -1;
constexpr double kDefaultMax = 1e9;
constexpr int kMaxTextLength = 255;

std::optional<double> parse_number(std::string_view text) {
  if (!is_numeric_value(text)) return std::nullopt;
  while (text.front() == ' ')
    text.remove_prefix(1);
  double v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

int decimals_of(std::string_view text) {
  auto dot = text.find('.');
  if (dot == std::string_view::npos) return 0;
  int n = 0;
  for (auto i = dot + 1; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
    ++n;
  return std::min(n, 3);
}

json number_json(double v) {
  if (std::nearbyint(v) == v && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
  return v;
}

const std::string* current_value(const ups_entity_context& ctx, const std::string& name) {
  auto it = ctx.ups.vars.find(name);
  return it == ctx.ups.vars.end() ? nullptr : &it->second;
}

json control_fields(const ups_entity_context& ctx, const writable_variable& w,
                    const variable_metadata& meta) {
  return {{"name", meta.name},
          {"command_topic", ctx.topics.cmd_set(ctx.ups.id, w.name)},
          {"state_topic", ctx.topics.var(ctx.ups.id, w.name)},
          {"entity_category", "config"}};
}

entity_config number_control(const ups_entity_context& ctx, const writable_variable& w,
                             const variable_metadata& meta, const std::string* value) {
  std::optional<double> current = value ? parse_number(*value) : std::nullopt;
  const int decimals = value ? decimals_of(*value) : 0;
  const double step = decimals > 0 ? std::pow(10.0, -decimals) : 1.0;
  // Units come from NUT's documented meaning: a number entity's state is always a number.
  const auto known = standard_variable(w.name);
  const std::string unit = known && known->numeric ? known->unit : std::string();
  const bool percent = unit == "%";
  double lo = w.min.value_or(percent ? 0.0 : kDefaultMin);
  double hi = w.max.value_or(percent ? 100.0 : kDefaultMax);
  if (lo > hi) std::swap(lo, hi);
  if (current) {
    lo = std::min(lo, *current);
    hi = std::max(hi, *current);
  }
  if (hi <= lo) hi = lo + step;
  json fields = control_fields(ctx, w, meta);
  fields["min"] = number_json(lo);
  fields["max"] = number_json(hi);
  fields["step"] = number_json(step);
  fields["mode"] = "box";
  if (!unit.empty()) fields["unit_of_measurement"] = unit;
  return {"number", ctx.keys.claim("set_" + entity_slug(w.name), "set:" + w.name),
          std::move(fields), std::nullopt};
}

entity_config select_control(const ups_entity_context& ctx, const writable_variable& w,
                             const variable_metadata& meta, std::vector<std::string> options) {
  json fields = control_fields(ctx, w, meta);
  fields["options"] = std::move(options);
  return {"select", ctx.keys.claim("set_" + entity_slug(w.name), "set:" + w.name),
          std::move(fields), std::nullopt};
}

std::optional<entity_config> text_control(const ups_entity_context& ctx, const writable_variable& w,
                                          const variable_metadata& meta, const std::string* value) {
  int max = w.max_length > 0 ? std::min(w.max_length, kMaxTextLength) : kMaxTextLength;
  if (value) {
    // Home Assistant refuses a text state longer than `max`: no entity beats a broken one.
    if (value->size() > static_cast<std::size_t>(kMaxTextLength)) return std::nullopt;
    max = std::max(max, static_cast<int>(value->size()));
  }
  json fields = control_fields(ctx, w, meta);
  fields["min"] = 0;
  fields["max"] = max;
  fields["mode"] = "text";
  return entity_config{"text", ctx.keys.claim("set_" + entity_slug(w.name), "set:" + w.name),
                       std::move(fields), std::nullopt};
}

std::vector<std::string> select_options(const writable_variable& w, const std::string* value) {
  std::vector<std::string> options;
  for (const auto& o : w.options) {
    if (!o.empty() && std::find(options.begin(), options.end(), o) == options.end()) {
      options.push_back(o);
    }
  }
  // A value outside the list would be rejected at run time; offer it too.
  if (value && !value->empty() &&
      std::find(options.begin(), options.end(), *value) == options.end()) {
    options.push_back(*value);
  }
  return options;
}

std::optional<entity_config> control_for(const ups_entity_context& ctx,
                                         const writable_variable& w) {
  const std::string* value = current_value(ctx, w.name);
  auto meta = describe_variable(w.name, value ? *value : std::string_view());
  using kind = writable_variable::kind;
  if ((w.type == kind::number || w.type == kind::range) && (!value || is_numeric_value(*value))) {
    return number_control(ctx, w, meta, value);
  }
  if (w.type == kind::enumeration) {
    auto options = select_options(w, value);
    if (!options.empty()) return select_control(ctx, w, meta, std::move(options));
  }
  // Strings, and numbers or enumerations whose current value does not fit them.
  return text_control(ctx, w, meta, value);
}

}  // namespace

std::vector<entity_config> command_buttons(const ups_entity_context& ctx) {
  std::vector<entity_config> out;
  std::set<std::string, std::less<>> seen;
  for (const auto& command : ctx.ups.commands) {
    if (command.empty() || !seen.insert(command).second) continue;
    auto info = describe_command(command);
    json fields = {{"name", info.name},
                   {"command_topic", ctx.topics.cmd_instcmd(ctx.ups.id)},
                   {"payload_press", command}};
    if (info.destructive) {
      // One click must not cut the load: such buttons are hidden until someone enables them.
      fields["entity_category"] = "config";
      fields["enabled_by_default"] = false;
    }
    out.push_back({"button", ctx.keys.claim(entity_slug(command), "cmd:" + command),
                   std::move(fields), std::nullopt});
  }
  return out;
}

std::vector<entity_config> writable_controls(const ups_entity_context& ctx) {
  std::vector<entity_config> out;
  std::set<std::string, std::less<>> seen;
  for (const auto& w : ctx.ups.writables) {
    if (!common::is_topic_level(w.name)) continue;  // cannot be a cmd/set/<variable> topic
    if (!seen.insert(w.name).second) continue;      // listed twice: the first description wins
    if (auto control = control_for(ctx, w)) out.push_back(std::move(*control));
  }
  return out;
}

}  // namespace nutmqtt::ha
