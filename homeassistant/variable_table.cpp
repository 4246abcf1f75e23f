// The battery, ups, device, driver and server variables of NUT's naming scheme, by exact name.

#include <algorithm>
#include <array>
#include <string>

#include "homeassistant/variable_profiles.hpp"

namespace nutmqtt::ha::detail {
namespace {

struct row {
  std::string_view nut_name;
  std::string_view name;
  profile shape;
};

constexpr profile with_icon(profile p, std::string_view icon) {
  p.icon = icon;
  return p;
}

constexpr profile diagnostic_enabled(profile p) {
  p.diagnostic = true;
  p.enabled = true;
  return p;
}

// Sorted by NUT name (checked once at first use) so lookups can bisect.
constexpr std::array kRows = std::to_array<row>({
    {"battery.alarm.threshold", "Battery alarm threshold", kTextSetting},
    {"battery.capacity",
     "Battery capacity",
     {.unit = "Ah", .precision = 1, .diagnostic = true, .enabled = false}},
    {"battery.charge", "Battery charge", kBatteryCharge},
    {"battery.charge.low", "Low battery charge threshold", kPercentSetting},
    {"battery.charge.restart", "Restart battery charge", kPercentSetting},
    {"battery.charge.warning", "Battery charge warning threshold", kPercentSetting},
    {"battery.charger.status", "Battery charger status",
     with_icon(kTextLive, "mdi:battery-charging")},
    {"battery.current", "Battery current", kCurrent},
    {"battery.current.total", "Total battery current", as_extreme(kCurrent)},
    {"battery.date", "Battery date", kTextSetting},
    {"battery.date.maintenance", "Battery maintenance date", kTextSetting},
    {"battery.energysave", "Battery energy saving", kTextSetting},
    {"battery.energysave.delay",
     "Energy saving delay",
     {"duration", "min", "", 0, true, true, false}},
    {"battery.energysave.load", "Energy saving load threshold", kPercentSetting},
    {"battery.energysave.realpower", "Energy saving power threshold", as_setting(kRealPower)},
    {"battery.mfr.date", "Battery manufacturing date", kTextSetting},
    {"battery.packs", "Battery packs", kCount},
    {"battery.packs.bad",
     "Bad battery packs",
     {.state_class = "measurement",
      .precision = 0,
      .diagnostic = true,
      .icon = "mdi:battery-alert"}},
    {"battery.protection", "Battery deep discharge protection", kTextSetting},
    {"battery.runtime", "Battery runtime", kRuntime},
    {"battery.runtime.low", "Low battery runtime threshold", kDurationSetting},
    {"battery.runtime.restart", "Restart battery runtime", kDurationSetting},
    {"battery.temperature", "Battery temperature", kTemperature},
    {"battery.type", "Battery chemistry", kTextSetting},
    {"battery.voltage", "Battery voltage", {"voltage", "V", "measurement", 2}},
    {"battery.voltage.high", "Battery voltage high threshold", kVoltageSetting},
    {"battery.voltage.low", "Battery voltage low threshold", kVoltageSetting},
    {"battery.voltage.nominal", "Nominal battery voltage", kVoltageSetting},
    {"device.contact", "Contact", kTextSetting},
    {"device.count", "Device count", kCount},
    {"device.description", "Description", kTextSetting},
    {"device.location", "Location", kTextSetting},
    {"device.macaddr", "MAC address", kTextSetting},
    {"device.mfr", "Device manufacturer", kTextSetting},
    {"device.model", "Device model", kTextSetting},
    {"device.part", "Part number", kTextSetting},
    {"device.serial", "Device serial number", kTextSetting},
    {"device.type", "Device type", kTextSetting},
    {"device.uptime", "Device uptime", kDurationSetting},
    {"driver.debug", "Driver debug level", kTextSetting},
    {"driver.name", "Driver name", kTextSetting},
    {"driver.state", "Driver state", kTextSetting},
    {"driver.version", "Driver version", kTextSetting},
    {"driver.version.data", "Driver data version", kTextSetting},
    {"driver.version.internal", "Driver internal version", kTextSetting},
    {"driver.version.usb", "Driver USB library", kTextSetting},
    {"server.info", "Server information", kTextSetting},
    {"server.version", "Server version", kTextSetting},
    {"ups.alarm", "Alarm", with_icon(kTextLive, "mdi:alert")},
    {"ups.beeper.status", "Beeper status",
     with_icon(diagnostic_enabled(kTextSetting), "mdi:volume-high")},
    {"ups.contacts", "External contacts", kTextSetting},
    {"ups.date", "Internal date", kTextSetting},
    {"ups.delay.reboot", "Reboot delay", kDurationSetting},
    {"ups.delay.shutdown", "Shutdown delay", kDurationSetting},
    {"ups.delay.start", "Start delay", kDurationSetting},
    {"ups.display.language", "Display language", kTextSetting},
    {"ups.efficiency", "Efficiency", kPercent},
    {"ups.firmware", "Firmware version", kTextSetting},
    {"ups.firmware.aux", "Auxiliary firmware version", kTextSetting},
    {"ups.id", "System identifier", kTextSetting},
    {"ups.load", "Load", kPercent},
    {"ups.load.high", "Overload threshold", kPercentSetting},
    {"ups.mfr", "Manufacturer", kTextSetting},
    {"ups.mfr.date", "Manufacturing date", kTextSetting},
    {"ups.model", "Model", kTextSetting},
    {"ups.power", "Apparent power", kApparentPower},
    {"ups.power.nominal", "Nominal apparent power", as_setting(kApparentPower)},
    {"ups.productid", "USB product id", kTextSetting},
    {"ups.realpower", "Real power", kRealPower},
    {"ups.realpower.nominal", "Nominal real power", as_setting(kRealPower)},
    {"ups.serial", "Serial number", kTextSetting},
    {"ups.shutdown", "Shutdown ability", kTextSetting},
    {"ups.start.auto", "Start on mains return", kTextSetting},
    {"ups.start.battery", "Start on battery", kTextSetting},
    {"ups.start.reboot", "Cold start from battery", kTextSetting},
    {"ups.status", "Status data", kTextSetting},
    {"ups.temperature", "Internal temperature", kTemperature},
    {"ups.test.date", "Self-test date", kTextSetting},
    {"ups.test.interval", "Self-test interval", kDurationSetting},
    {"ups.test.result", "Self-test result", diagnostic_enabled(kTextSetting)},
    {"ups.time", "Internal time", kTextSetting},
    {"ups.timer.reboot", "Reboot timer", as_extreme(kRuntime)},
    {"ups.timer.shutdown", "Shutdown timer", as_extreme(kRuntime)},
    {"ups.timer.start", "Start timer", as_extreme(kRuntime)},
    {"ups.type", "UPS type", kTextSetting},
    {"ups.vendorid", "USB vendor id", kTextSetting},
    {"ups.watchdog.status", "Watchdog status", kTextSetting},
});

// driver.parameter.<x> and driver.flag.<x> echo ups.conf: identity of the setup, not readings.
std::optional<variable_metadata> driver_setting(std::string_view nut_name) {
  constexpr std::string_view kParameter = "driver.parameter.";
  constexpr std::string_view kFlag = "driver.flag.";
  if (nut_name.starts_with(kParameter) && nut_name.size() > kParameter.size()) {
    return make_metadata("Driver parameter " + std::string(nut_name.substr(kParameter.size())),
                         kTextSetting);
  }
  if (nut_name.starts_with(kFlag) && nut_name.size() > kFlag.size()) {
    return make_metadata("Driver flag " + std::string(nut_name.substr(kFlag.size())), kTextSetting);
  }
  return std::nullopt;
}

}  // namespace

std::optional<variable_metadata> lookup_fixed_variable(std::string_view nut_name) {
  static const bool kSorted =
      std::is_sorted(kRows.begin(), kRows.end(),
                     [](const row& a, const row& b) { return a.nut_name < b.nut_name; });
  if (!kSorted) return std::nullopt;  // caught by the metadata tests, never silently wrong
  auto it = std::lower_bound(kRows.begin(), kRows.end(), nut_name,
                             [](const row& r, std::string_view n) { return r.nut_name < n; });
  if (it != kRows.end() && it->nut_name == nut_name) {
    return make_metadata(std::string(it->name), it->shape);
  }
  return driver_setting(nut_name);
}

}  // namespace nutmqtt::ha::detail
