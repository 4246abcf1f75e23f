#pragma once
// How each NUT variable becomes a Home Assistant sensor: device class, unit, state class,
// category, default visibility and a friendly name, for NUT's standard names (docs/nut-names.txt
// of NUT, including the indexed and three-phase patterns) and a fallback for everything else.

#include <optional>
#include <string>
#include <string_view>

namespace nutmqtt::ha {

struct variable_metadata {
  std::string name;          // entity name without the device's ("Battery charge")
  std::string device_class;  // "" where Home Assistant has no class that fits
  std::string unit;          // "" for none
  std::string state_class;   // "", "measurement", "total" or "total_increasing"
  bool diagnostic = false;   // entity_category "diagnostic"
  bool enabled_by_default = true;
  std::optional<int> display_precision;
  std::string icon;      // only where the device class gives none
  bool numeric = false;  // states are numbers; only then may unit/state class/precision be set
  bool known = false;    // from NUT's standard names, not guessed
};

// What NUT's documented names say about `nut_name`; nullopt for names NUT does not document.
std::optional<variable_metadata> standard_variable(std::string_view nut_name);

// The sensor for `nut_name` holding `value` now. Standard names get their metadata, but a value
// that is not a number turns the sensor into plain text (no class, unit, state class or
// precision: Home Assistant logs an error for every non-numeric state of a numeric sensor).
// Unknown names become diagnostic sensors, disabled by default: numeric without a class when the
// value is a number, text otherwise.
variable_metadata describe_variable(std::string_view nut_name, std::string_view value);

// A finite decimal number, as Home Assistant will parse it ("235.0", "-60", "024"); surrounding
// spaces are tolerated, nothing else is.
bool is_numeric_value(std::string_view value);

}  // namespace nutmqtt::ha
