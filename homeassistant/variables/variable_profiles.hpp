#pragma once
// Internal to the metadata table: the handful of sensor shapes NUT variables come in, so that
// each table row names a shape instead of repeating class, unit and category.

#include <optional>
#include <string_view>

#include "homeassistant/variables/variable_metadata.hpp"

namespace nutmqtt::ha::detail {

struct profile {
  std::string_view device_class{};
  std::string_view unit{};
  std::string_view state_class{};
  int precision = -1;  // -1: none suggested
  bool numeric = true;
  bool diagnostic = false;
  bool enabled = true;
  std::string_view icon{};
};

// Live measurements: primary, enabled, with statistics.
inline constexpr profile kBatteryCharge{
    .device_class = "battery", .unit = "%", .state_class = "measurement", .precision = 0};
inline constexpr profile kPercent{
    .unit = "%", .state_class = "measurement", .precision = 0, .icon = "mdi:gauge"};
inline constexpr profile kVoltage{
    .device_class = "voltage", .unit = "V", .state_class = "measurement", .precision = 1};
inline constexpr profile kCurrent{
    .device_class = "current", .unit = "A", .state_class = "measurement", .precision = 2};
inline constexpr profile kFrequency{
    .device_class = "frequency", .unit = "Hz", .state_class = "measurement", .precision = 1};
inline constexpr profile kRealPower{
    .device_class = "power", .unit = "W", .state_class = "measurement", .precision = 0};
inline constexpr profile kApparentPower{
    .device_class = "apparent_power", .unit = "VA", .state_class = "measurement", .precision = 0};
// NUT documents 0..1, yet some drivers report percent: no unit fits both, and none is allowed.
inline constexpr profile kPowerFactor{
    .device_class = "power_factor", .state_class = "measurement", .precision = 2};
inline constexpr profile kRatio{
    .state_class = "measurement", .precision = 2, .icon = "mdi:sine-wave"};
inline constexpr profile kTemperature{
    .device_class = "temperature", .unit = "°C", .state_class = "measurement", .precision = 1};
inline constexpr profile kHumidity{
    .device_class = "humidity", .unit = "%", .state_class = "measurement", .precision = 0};
inline constexpr profile kRuntime{
    .device_class = "duration", .unit = "s", .state_class = "measurement", .precision = 0};

// Settings, thresholds, nominal values and identity: diagnostic, hidden until enabled.
inline constexpr profile kCount{.precision = 0, .diagnostic = true, .enabled = false};
inline constexpr profile kPercentSetting{
    .unit = "%", .precision = 0, .diagnostic = true, .enabled = false};
inline constexpr profile kDurationSetting{
    .device_class = "duration", .unit = "s", .precision = 0, .diagnostic = true, .enabled = false};
inline constexpr profile kTextSetting{.numeric = false, .diagnostic = true, .enabled = false};

// Text worth seeing at once (alarms, test results, outlet states).
inline constexpr profile kTextLive{.numeric = false};
inline constexpr profile kTextDiagnostic{.numeric = false, .diagnostic = true};

// The same quantity as a threshold, nominal or setting: no state class (it is not measured),
// diagnostic and disabled by default.
constexpr profile as_setting(profile p) {
  p.state_class = "";
  p.diagnostic = true;
  p.enabled = false;
  return p;
}

// The same quantity as a seen extreme (maximum, minimum, peak): still measured, but diagnostic.
constexpr profile as_extreme(profile p) {
  p.diagnostic = true;
  p.enabled = false;
  return p;
}

inline constexpr profile kVoltageSetting = as_setting(kVoltage);

variable_metadata make_metadata(std::string name, const profile& p);

// Exact names of the battery, ups, device, driver and server groups.
std::optional<variable_metadata> lookup_fixed_variable(std::string_view nut_name);
// Indexed and phase patterns: input/output (with bypass, inverter and phase contexts),
// outlet[.group].N, ambient[.N].
std::optional<variable_metadata> lookup_pattern_variable(std::string_view nut_name);

}  // namespace nutmqtt::ha::detail
