#include "homeassistant/discovery/discovery_fingerprint.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <string>
#include <string_view>

#include "homeassistant/variables/variable_metadata.hpp"

namespace nutmqtt::ha {
namespace {

// The variables whose values appear in a config: the device block's sources.
constexpr std::array<std::string_view, 10> kIdentity = {
    "device.mfr",    "ups.mfr",    "device.model", "ups.model",       "device.part",
    "device.serial", "ups.serial", "ups.firmware", "device.location", "device.macaddr"};

bool is_identity(std::string_view name) {
  return std::find(kIdentity.begin(), kIdentity.end(), name) != kIdentity.end();
}

bool is_writable(const ups_snapshot& ups, std::string_view name) {
  return std::any_of(ups.writables.begin(), ups.writables.end(),
                     [&](const writable_variable& w) { return w.name == name; });
}

}  // namespace

std::uint64_t discovery_fingerprint(const ups_snapshot& ups) {
  std::string f;
  f.reserve(64 * (ups.vars.size() + 4));
  auto add = [&f](std::string_view part) {
    f.append(part);
    f.push_back('\0');
  };
  add(ups.id);
  add(ups.description);
  for (const auto& [name, value] : ups.vars) {
    add(name);
    // Whether a value reads as a number decides the sensor's unit and state class.
    add(is_numeric_value(value) ? "#" : "$");
    if (is_identity(name) || is_writable(ups, name)) add(value);
  }
  add("commands");
  for (const auto& c : ups.commands)
    add(c);
  add("writables");
  for (const auto& w : ups.writables) {
    add(w.name);
    add(std::to_string(static_cast<int>(w.type)));
    add(w.min ? std::to_string(*w.min) : "-");
    add(w.max ? std::to_string(*w.max) : "-");
    add(std::to_string(w.max_length));
    for (const auto& o : w.options)
      add(o);
  }
  return std::hash<std::string>{}(f);
}

}  // namespace nutmqtt::ha
