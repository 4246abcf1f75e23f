// The rules every discovery config shares: topic shape, identity, naming, availability, device
// and origin, templates, device-based structure, and unique_id uniqueness per platform.

#include "support/ha_validator.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "common/ascii.hpp"
#include "homeassistant/entities/abbreviations.hpp"
#include "support/ha_validator_detail.hpp"

namespace nutmqtt::test {
namespace {

using namespace ha_detail;

// Keys a device config's root passes on to each of its components.
constexpr std::array<const char*, 8> kInherited = {"availability",
                                                   "availability_topic",
                                                   "availability_mode",
                                                   "availability_template",
                                                   "state_topic",
                                                   "command_topic",
                                                   "qos",
                                                   "encoding"};

bool is_id(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// "Nas Battery" starts with device "nas" as a word.
bool starts_with_word(std::string_view name, std::string_view device) {
  if (device.empty() || name.size() < device.size()) return false;
  if (!common::ascii_iequals(name.substr(0, device.size()), device)) return false;
  return name.size() == device.size() || name[device.size()] == ' ';
}

// cfg[key] when it is an object, else null (untrusted payloads may hold anything).
json object_or_null(const json& cfg, const char* key) {
  auto it = cfg.find(key);
  return it != cfg.end() && it->is_object() ? *it : json();
}

struct unique_ids {
  std::map<std::pair<std::string, std::string>, std::string> seen;  // (platform, uid) -> topic
};

void check_availability(const check_context& ctx, const json& cfg) {
  const bool list = cfg.contains("availability");
  if (list && cfg.contains("availability_topic")) {
    ctx.fail("availability", "use either availability or availability_topic, not both");
  }
  if (list) {
    const auto& a = cfg["availability"];
    bool ok = a.is_array() && !a.empty() && std::all_of(a.begin(), a.end(), [](const json& e) {
                return e.is_object() && e.contains("topic") && e["topic"].is_string() &&
                       !e["topic"].get<std::string>().empty();
              });
    if (!ok) ctx.fail("availability", "must be a non-empty list of objects with a topic");
  }
  if (cfg.contains("availability_mode")) {
    auto mode = string_at(cfg, "availability_mode");
    if (mode != "all" && mode != "any" && mode != "latest") {
      ctx.fail("availability_mode", fmt::format("'{}' is not all, any or latest", mode));
    }
  }
}

// "value_json.battery.charge" reads a nested "battery" object: NUT names must be indexed.
bool walks_value_json(const std::string& text) {
  constexpr std::string_view kDotted = "value_json.";
  for (auto at = text.find(kDotted); at != std::string::npos; at = text.find(kDotted, at + 1)) {
    const auto next = at + kDotted.size();
    if (next < text.size() &&
        (std::isalpha(static_cast<unsigned char>(text[next])) != 0 || text[next] == '_')) {
      return true;
    }
  }
  return false;
}

void check_templates(const check_context& ctx, const json& cfg) {
  auto check = [&](const std::string& key, const json& v) {
    if (key.ends_with("template") && v.is_string() && walks_value_json(v.get<std::string>())) {
      ctx.fail(key, "use value_json['name'], never value_json.name (dots in NUT names nest)");
    }
  };
  for (const auto& [key, v] : cfg.items())
    check(key, v);
  if (cfg.contains("availability") && cfg["availability"].is_array()) {
    for (const auto& entry : cfg["availability"]) {
      if (entry.is_object() && entry.contains("value_template")) {
        check("availability.value_template", entry["value_template"]);
      }
    }
  }
}

// Lower-case letters and digits in groups joined by single underscores ("nas_battery_charge").
bool is_entity_object_id(std::string_view id) {
  if (id.empty() || id.front() == '_' || id.back() == '_') return false;
  char previous = 0;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok || (c == '_' && previous == '_')) return false;
    previous = c;
  }
  return true;
}

void check_device_and_origin(const check_context& ctx, const json& cfg) {
  const json device = object_or_null(cfg, "device");
  if (!device.is_object()) {
    ctx.fail("device", "missing device block");
  } else {
    auto non_empty = [&](const char* key) {
      auto it = device.find(key);
      return it != device.end() && ((it->is_string() && !it->get<std::string>().empty()) ||
                                    (it->is_array() && !it->empty()));
    };
    const bool ids = non_empty("identifiers");
    const bool connections = non_empty("connections");
    if (!ids && !connections) ctx.fail("device", "device needs identifiers or connections");
    if (string_at(device, "name").empty()) ctx.fail("device.name", "device needs a name");
  }
  const json origin = object_or_null(cfg, "origin");
  if (!origin.is_object() || string_at(origin, "name").empty()) {
    ctx.fail("origin", "missing origin with a name");
  }
}

void check_identity(const check_context& ctx, const std::string& platform, const json& cfg,
                    unique_ids& ids) {
  const auto uid = string_at(cfg, "unique_id");
  if (uid.empty()) {
    ctx.fail("unique_id", "missing unique_id");
  } else if (auto [it, fresh] = ids.seen.emplace(std::pair{platform, uid}, ctx.topic); !fresh) {
    ctx.fail("unique_id",
             fmt::format("unique_id '{}' already used by {} ({})", uid, it->second, platform));
  }
  if (cfg.contains("object_id")) ctx.fail("object_id", "deprecated; send default_entity_id");
  if (cfg.contains("default_entity_id")) {
    auto id = string_at(cfg, "default_entity_id");
    auto prefix = platform + ".";
    if (!id.starts_with(prefix) ||
        !is_entity_object_id(std::string_view(id).substr(prefix.size()))) {
      ctx.fail("default_entity_id", fmt::format("'{}' is not a valid {} entity id", id, platform));
    }
  }
  const auto name = string_at(cfg, "name");
  const auto device_name = string_at(object_or_null(cfg, "device"), "name");
  if (starts_with_word(name, device_name)) {
    ctx.fail("name", fmt::format("'{}' repeats the device name '{}'", name, device_name));
  }
}

void check_entity(const check_context& ctx, const std::string& platform, const json& cfg,
                  unique_ids& ids) {
  if (!is_known_platform(platform)) {
    ctx.fail("platform", fmt::format("unknown platform '{}'", platform));
    return;
  }
  if (auto cat = string_at(cfg, "entity_category");
      cfg.contains("entity_category") && cat != "config" && cat != "diagnostic") {
    ctx.fail("entity_category", fmt::format("'{}' is not config or diagnostic", cat));
  }
  check_identity(ctx, platform, cfg, ids);
  check_device_and_origin(ctx, cfg);
  check_availability(ctx, cfg);
  check_templates(ctx, cfg);
  check_platform(ctx, platform, cfg);
}

void check_device_config(const check_context& root, const json& cfg, unique_ids& ids) {
  if (!object_or_null(cfg, "device").is_object()) root.fail("dev", "device config needs dev");
  if (!object_or_null(cfg, "origin").is_object()) root.fail("o", "device config needs o (origin)");
  const json components = object_or_null(cfg, "components");
  if (!components.is_object() || components.empty()) {
    root.fail("cmps", "device config needs a non-empty cmps object");
    return;
  }
  for (const auto& [key, component] : components.items()) {
    check_context ctx{root.topic, "cmps." + key + ".", root.states, root.out};
    if (!is_id(key)) ctx.fail("", "component key may contain only [A-Za-z0-9_-]");
    const auto platform = component.is_object() ? string_at(component, "platform") : "";
    if (platform.empty()) {
      ctx.fail("p", "every component needs p (platform)");
      continue;
    }
    if (component.size() == 1) continue;  // {"p": ...} removes the component: nothing else to check
    json merged = component;
    for (const char* k : kInherited) {
      if (cfg.contains(k) && !merged.contains(k)) merged[k] = cfg[k];
    }
    merged["device"] = object_or_null(cfg, "device");
    merged["origin"] = object_or_null(cfg, "origin");
    check_entity(ctx, platform, merged, ids);
  }
}

void check_config(const std::string& topic, const std::string& payload, std::string_view prefix,
                  const std::map<std::string, std::string>& states, std::vector<ha_violation>& out,
                  unique_ids& ids) {
  check_context ctx{topic, "", states, out};
  std::vector<std::string> levels;
  const std::string head = std::string(prefix) + "/";
  if (topic.starts_with(head) && topic.ends_with("/config")) {
    auto middle = topic.substr(head.size(), topic.size() - head.size() - 7);
    for (std::size_t start = 0, end = 0; end != std::string::npos; start = end + 1) {
      end = middle.find('/', start);
      levels.push_back(middle.substr(start, end == std::string::npos ? end : end - start));
    }
  }
  if ((levels.size() != 2 && levels.size() != 3) ||
      !std::all_of(levels.begin(), levels.end(), is_id)) {
    ctx.fail(
        "topic",
        "must be <prefix>/<component>/[<node_id>/]<object_id>/config with ids of [A-Za-z0-9_-]");
    return;
  }
  const json cfg = nutmqtt::ha::expand_abbreviations(json::parse(payload, nullptr, false));
  if (!cfg.is_object()) {
    ctx.fail("payload", "not a JSON object");
    return;
  }
  if (levels[0] == "device") {
    if (levels.size() != 2)
      ctx.fail("topic", "device configs live on <prefix>/device/<object_id>/config");
    check_device_config(ctx, cfg, ids);
  } else {
    check_entity(ctx, levels[0], cfg, ids);
  }
}

}  // namespace

std::string to_string(const ha_violation& v) {
  return fmt::format("{} [{}]: {}", v.topic, v.key, v.problem);
}

std::string describe(const std::vector<ha_violation>& violations) {
  std::string out;
  for (const auto& v : violations)
    out += to_string(v) + "\n";
  return out;
}

std::vector<ha_violation> validate_discovery(const std::map<std::string, std::string>& configs,
                                             const std::map<std::string, std::string>& states,
                                             std::string_view prefix) {
  std::vector<ha_violation> out;
  unique_ids ids;
  for (const auto& [topic, payload] : configs) {
    if (!payload.empty()) check_config(topic, payload, prefix, states, out, ids);
  }
  return out;
}

std::vector<ha_violation> validate_retained(const std::map<std::string, std::string>& retained,
                                            std::string_view prefix) {
  std::map<std::string, std::string> configs, states;
  const std::string head = std::string(prefix) + "/";
  for (const auto& [topic, payload] : retained) {
    (topic.starts_with(head) && topic.ends_with("/config") ? configs : states)[topic] = payload;
  }
  return validate_discovery(configs, states, prefix);
}

}  // namespace nutmqtt::test
