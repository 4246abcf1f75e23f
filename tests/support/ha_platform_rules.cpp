// What Home Assistant requires of each platform's config, from the project's reference.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "support/ha_validator_detail.hpp"

namespace nutmqtt::test::ha_detail {
namespace {

using set = name_set;

// The payload (or rendered template) Home Assistant takes as "unknown".
constexpr std::string_view kPayloadNone = "None";

bool is_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return !text.empty() && ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(v);
}

double number_at(const json& cfg, const char* key, double fallback) {
  auto it = cfg.find(key);
  return it != cfg.end() && it->is_number() ? it->get<double>() : fallback;
}

// The string at `key`, `fallback` when absent; a value of another type reads as "<not a string>"
// so that the rule comparing it fails instead of the validator throwing.
std::string string_or(const json& cfg, const char* key, const char* fallback) {
  auto it = cfg.find(key);
  if (it == cfg.end()) return fallback;
  return it->is_string() ? it->get<std::string>() : "<not a string>";
}

json value_or_null(const json& cfg, const char* key) {
  auto it = cfg.find(key);
  return it == cfg.end() ? json() : *it;
}

bool has(const json& cfg, const char* key) {
  return cfg.contains(key) && !cfg.at(key).is_null();
}

void require_topic(const check_context& ctx, const json& cfg, const char* key,
                   std::string_view platform) {
  auto it = cfg.find(key);
  if (it == cfg.end() || !it->is_string() || it->get<std::string>().empty()) {
    ctx.fail(key, fmt::format("{} requires a non-empty {}", platform, key));
  }
}

void check_no_config_category(const check_context& ctx, const json& cfg,
                              std::string_view platform) {
  if (string_at(cfg, "entity_category") == "config") {
    ctx.fail("entity_category",
             fmt::format("'config' is refused for {}; use 'diagnostic'", platform));
  }
}

bool string_list(const json& v) {
  return v.is_array() && !v.empty() &&
         std::all_of(v.begin(), v.end(), [](const json& o) { return o.is_string(); });
}

bool in_list(const json& list, const std::string& value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const json& o) { return o.is_string() && o.get<std::string>() == value; });
}

void check_sensor_class(const check_context& ctx, const json& cfg) {
  const auto cls = string_at(cfg, "device_class");
  const auto unit = string_at(cfg, "unit_of_measurement");
  const auto state_class = string_at(cfg, "state_class");
  if (!cls.empty() && !sensor_classes().contains(cls)) {
    ctx.fail("device_class", fmt::format("'{}' is not a sensor device class", cls));
  }
  if (auto u = class_units().find(cls);
      !cls.empty() && u != class_units().end() && !u->second.contains(unit)) {
    ctx.fail("unit_of_measurement",
             fmt::format("unit '{}' is not allowed for device class '{}'", unit, cls));
  }
  if (!state_class.empty()) {
    if (state_class != "measurement" && state_class != "total" &&
        state_class != "total_increasing") {
      ctx.fail("state_class", fmt::format("'{}' is not a state class", state_class));
    } else if (auto s = class_state_classes().find(cls);
               s != class_state_classes().end() && !s->second.contains(state_class)) {
      ctx.fail("state_class", fmt::format("state class '{}' is not allowed for device class '{}'",
                                          state_class, cls));
    }
  }
}

void check_sensor(const check_context& ctx, const json& cfg) {
  require_topic(ctx, cfg, "state_topic", "sensor");
  check_no_config_category(ctx, cfg, "sensor");
  check_sensor_class(ctx, cfg);
  const auto cls = string_at(cfg, "device_class");
  if (cls == "enum") {
    if (!string_list(value_or_null(cfg, "options"))) {
      ctx.fail("options", "device class enum needs a non-empty list of options");
    }
    if (has(cfg, "unit_of_measurement"))
      ctx.fail("unit_of_measurement", "enum sensors have no unit");
    if (has(cfg, "state_class")) ctx.fail("state_class", "enum sensors have no state class");
  } else if (has(cfg, "options")) {
    ctx.fail("options", "options are only for device class enum");
  }
  if (auto p = cfg.find("suggested_display_precision");
      p != cfg.end() && (!p->is_number_integer() || p->get<long>() < 0)) {
    ctx.fail("suggested_display_precision", "must be a whole number >= 0");
  }
  const bool numeric = has(cfg, "unit_of_measurement") || has(cfg, "state_class") ||
                       has(cfg, "suggested_display_precision") ||
                       (!cls.empty() && cls != "enum" && cls != "date" && cls != "timestamp");
  auto state = current_state(ctx, cfg);
  // "None" is how Home Assistant is told that a value is unknown.
  if (!state || *state == kPayloadNone) return;
  if (numeric && !is_number(*state)) {
    ctx.fail("state_topic",
             fmt::format("numeric sensor would receive non-numeric state '{}'", *state));
  }
  if (cls == "enum" && cfg.contains("options") && !in_list(cfg["options"], *state)) {
    ctx.fail("options", fmt::format("state '{}' is not one of the options", *state));
  }
}

void check_binary_sensor(const check_context& ctx, const json& cfg) {
  require_topic(ctx, cfg, "state_topic", "binary_sensor");
  check_no_config_category(ctx, cfg, "binary_sensor");
  const auto cls = string_at(cfg, "device_class");
  if (!cls.empty() && !binary_sensor_classes().contains(cls)) {
    ctx.fail("device_class", fmt::format("'{}' is not a binary_sensor device class", cls));
  }
  auto state = current_state(ctx, cfg);
  const auto on = string_or(cfg, "payload_on", "ON");
  const auto off = string_or(cfg, "payload_off", "OFF");
  if (state && *state != on && *state != off) {
    ctx.fail("payload_on", fmt::format("state '{}' is neither '{}' nor '{}'", *state, on, off));
  }
}

void check_button(const check_context& ctx, const json& cfg) {
  require_topic(ctx, cfg, "command_topic", "button");
  const auto cls = string_at(cfg, "device_class");
  if (!cls.empty() && cls != "identify" && cls != "restart" && cls != "update") {
    ctx.fail("device_class", fmt::format("'{}' is not a button device class", cls));
  }
  if (cfg.contains("payload_press") && !cfg["payload_press"].is_string()) {
    ctx.fail("payload_press", "must be a string");
  }
}

void check_number(const check_context& ctx, const json& cfg) {
  require_topic(ctx, cfg, "command_topic", "number");
  const double min = number_at(cfg, "min", 1), max = number_at(cfg, "max", 100);
  if (!(max > min))
    ctx.fail("max", fmt::format("max ({}) must be greater than min ({})", max, min));
  if (!(number_at(cfg, "step", 1) > 0)) ctx.fail("step", "step must be greater than 0");
  const auto mode = string_or(cfg, "mode", "auto");
  if (mode != "auto" && mode != "box" && mode != "slider") {
    ctx.fail("mode", fmt::format("'{}' is not auto, box or slider", mode));
  }
  auto state = current_state(ctx, cfg);
  if (!state) return;
  if (!is_number(*state)) {
    ctx.fail("state_topic", fmt::format("number would receive non-numeric state '{}'", *state));
    return;
  }
  double v = std::stod(*state);
  if (v < min || v > max) ctx.fail("min", fmt::format("state {} is outside [{}, {}]", v, min, max));
}

void check_select(const check_context& ctx, const json& cfg) {
  require_topic(ctx, cfg, "command_topic", "select");
  if (!string_list(value_or_null(cfg, "options"))) {
    ctx.fail("options", "select requires a non-empty list of options");
    return;
  }
  auto state = current_state(ctx, cfg);
  if (state && !in_list(cfg["options"], *state)) {
    ctx.fail("options", fmt::format("state '{}' is not one of the options", *state));
  }
}

void check_text(const check_context& ctx, const json& cfg) {
  require_topic(ctx, cfg, "command_topic", "text");
  const double min = number_at(cfg, "min", 0), max = number_at(cfg, "max", 255);
  if (min < 0) ctx.fail("min", "min must be >= 0");
  if (max > 255) ctx.fail("max", fmt::format("max {} is above 255", max));
  if (min > max) ctx.fail("max", "max must not be below min");
  const auto mode = string_or(cfg, "mode", "text");
  if (mode != "text" && mode != "password") ctx.fail("mode", "mode must be text or password");
  auto state = current_state(ctx, cfg);
  if (state &&
      (static_cast<double>(state->size()) > max || static_cast<double>(state->size()) < min)) {
    ctx.fail("max",
             fmt::format("state of {} characters is outside [{}, {}]", state->size(), min, max));
  }
}

void check_event(const check_context& ctx, const json& cfg) {
  require_topic(ctx, cfg, "state_topic", "event");
  check_no_config_category(ctx, cfg, "event");
  if (!string_list(value_or_null(cfg, "event_types"))) {
    ctx.fail("event_types", "event requires a non-empty list of event_types");
  }
}

// The words of a "{{ ... }}" template; a quoted string is one word, quotes kept, and "[" stays
// glued to what precedes it. Empty when `tpl` is not a single expression.
std::vector<std::string> template_words(const std::string& tpl) {
  std::string inner = tpl;
  if (!inner.starts_with("{{") || !inner.ends_with("}}")) return {};
  inner = inner.substr(2, inner.size() - 4);
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  for (char c : inner) {
    if (quote == 0 && c == ' ') {
      if (!word.empty()) words.push_back(std::exchange(word, {}));
      continue;
    }
    if (quote == 0 && (c == '\'' || c == '"')) {
      quote = c;
    } else if (c == quote) {
      quote = 0;
    }
    word.push_back(c == '"' ? '\'' : c);
    if (quote == 0 && c == '[') words.push_back(std::exchange(word, {}));
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

std::string unquote(const std::string& word) {
  return word.size() >= 2 && word.front() == '\'' && word.back() == '\''
             ? word.substr(1, word.size() - 2)
             : word;
}

}  // namespace

std::string string_at(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_known_platform(std::string_view platform) {
  static const set kPlatforms = {"sensor", "binary_sensor", "button", "number",
                                 "select", "text",          "event"};
  return kPlatforms.contains(platform);
}

std::optional<std::string> current_state(const check_context& ctx, const json& cfg) {
  auto it = ctx.states.find(string_at(cfg, "state_topic"));
  if (it == ctx.states.end()) return std::nullopt;
  const auto tpl = string_at(cfg, "value_template");
  if (tpl.empty()) return it->second;
  const auto words = template_words(tpl);
  // {{ value_json['key'] }}
  if (words.size() == 2 && words[0] == "value_json[" && words[1].starts_with("'") &&
      words[1].ends_with("']")) {
    const auto key = words[1].substr(1, words[1].size() - 3);
    auto doc = json::parse(it->second, nullptr, false);
    if (!doc.is_object() || !doc.contains(key)) return std::string();
    const auto& v = doc[key];
    // As Jinja renders them for Home Assistant.
    if (v.is_null()) return std::string(kPayloadNone);
    if (v.is_boolean()) return std::string(v.get<bool>() ? "True" : "False");
    return v.is_string() ? v.get<std::string>() : v.dump();
  }
  // {{ 'ON' if 'TOKEN' in value.split() else 'OFF' }}
  if (words.size() == 7 && words[1] == "if" && words[3] == "in" && words[4] == "value.split()" &&
      words[5] == "else") {
    std::istringstream tokens(it->second);
    std::string t;
    while (tokens >> t) {
      if ("'" + t + "'" == words[2]) return unquote(words[0]);
    }
    return unquote(words[6]);
  }
  return std::nullopt;
}

void check_platform(const check_context& ctx, const std::string& platform, const json& cfg) {
  if (platform == "sensor") check_sensor(ctx, cfg);
  if (platform == "binary_sensor") check_binary_sensor(ctx, cfg);
  if (platform == "button") check_button(ctx, cfg);
  if (platform == "number") check_number(ctx, cfg);
  if (platform == "select") check_select(ctx, cfg);
  if (platform == "text") check_text(ctx, cfg);
  if (platform == "event") check_event(ctx, cfg);
}

}  // namespace nutmqtt::test::ha_detail
