#include "homeassistant/variables/variable_metadata.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "common/ascii.hpp"
#include "homeassistant/variables/variable_profiles.hpp"

namespace nutmqtt::ha {
namespace detail {

variable_metadata make_metadata(std::string name, const profile& p) {
  variable_metadata m;
  m.name = std::move(name);
  m.device_class = p.device_class;
  m.unit = p.unit;
  m.state_class = p.state_class;
  m.diagnostic = p.diagnostic;
  m.enabled_by_default = p.enabled;
  if (p.precision >= 0) m.display_precision = p.precision;
  m.icon = p.icon;
  m.numeric = p.numeric;
  m.known = true;
  return m;
}

}  // namespace detail

namespace {

// "experimental.output.energy" -> "Experimental output energy".
std::string humanize(std::string_view nut_name) {
  std::string out;
  for (char c : nut_name) {
    out.push_back(c == '.' || c == '_' ? ' ' : c);
  }
  if (!out.empty()) out[0] = common::ascii_upper(out[0]);
  return out;
}

void make_text(variable_metadata& m) {
  m.numeric = false;
  m.device_class.clear();
  m.unit.clear();
  m.state_class.clear();
  m.display_precision.reset();
}

}  // namespace

bool is_numeric_value(std::string_view value) {
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ')
    value.remove_suffix(1);
  if (value.empty()) return false;
  double parsed = 0;
  const auto* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, parsed);
  return ec == std::errc() && ptr == end && std::isfinite(parsed);
}

std::optional<variable_metadata> standard_variable(std::string_view nut_name) {
  if (auto fixed = detail::lookup_fixed_variable(nut_name)) return fixed;
  return detail::lookup_pattern_variable(nut_name);
}

variable_metadata describe_variable(std::string_view nut_name, std::string_view value) {
  const bool numeric_value = is_numeric_value(value);
  if (auto known = standard_variable(nut_name)) {
    if (known->numeric && !numeric_value) make_text(*known);
    return *known;
  }
  variable_metadata m;
  m.name = humanize(nut_name);
  m.diagnostic = true;
  m.enabled_by_default = false;
  if (numeric_value) {
    m.numeric = true;
    m.state_class = "measurement";
  }
  return m;
}

}  // namespace nutmqtt::ha

namespace nutmqtt::ha::detail {
namespace {

enum class domain_kind { power, outlet, ambient };

struct domain_match {
  std::string label;  // "Input", "Bypass input", "Outlet 2", "Ambient 1"
  domain_kind kind;
  bool input = false;     // plain "input." (the transfer settings live there)
  std::string_view rest;  // after the domain's dot
};

struct named_prefix {
  std::string_view prefix;
  std::string_view label;
  domain_kind kind;
};

constexpr std::array kFixedDomains = std::to_array<named_prefix>({
    {"input.bypass.", "Bypass input", domain_kind::power},
    {"input.servicebypass.", "Service bypass input", domain_kind::power},
    {"input.", "Input", domain_kind::power},
    {"output.bypass.", "Bypass output", domain_kind::power},
    {"output.inverter.", "Inverter output", domain_kind::power},
    {"output.servicebypass.", "Service bypass output", domain_kind::power},
    {"output.", "Output", domain_kind::power},
});

// "<prefix><digits>." -> the digits; nullopt otherwise.
std::optional<std::string_view> indexed(std::string_view name, std::string_view prefix,
                                        std::string_view& rest) {
  if (!name.starts_with(prefix)) return std::nullopt;
  auto tail = name.substr(prefix.size());
  std::size_t digits = 0;
  while (digits < tail.size() && tail[digits] >= '0' && tail[digits] <= '9')
    ++digits;
  if (digits == 0 || digits >= tail.size() || tail[digits] != '.') return std::nullopt;
  rest = tail.substr(digits + 1);
  return tail.substr(0, digits);
}

std::optional<domain_match> match_domain(std::string_view name) {
  std::string_view rest;
  if (auto n = indexed(name, "outlet.group.", rest)) {
    return domain_match{"Outlet group " + std::string(*n), domain_kind::outlet, false, rest};
  }
  if (auto n = indexed(name, "outlet.", rest)) {
    return domain_match{"Outlet " + std::string(*n), domain_kind::outlet, false, rest};
  }
  if (name.starts_with("outlet.")) {
    return domain_match{"Outlet", domain_kind::outlet, false, name.substr(7)};
  }
  if (auto n = indexed(name, "ambient.", rest)) {
    return domain_match{"Ambient " + std::string(*n), domain_kind::ambient, false, rest};
  }
  if (name.starts_with("ambient.")) {
    return domain_match{"Ambient", domain_kind::ambient, false, name.substr(8)};
  }
  for (const auto& d : kFixedDomains) {
    if (name.starts_with(d.prefix)) {
      return domain_match{std::string(d.label), d.kind, d.prefix == "input.",
                          name.substr(d.prefix.size())};
    }
  }
  return std::nullopt;
}

// Three-phase CONTEXT ("L1", "L2-N", "L3-L1", "N") at the start of `spec`, removed from it.
std::string_view take_phase(std::string_view& spec) {
  static constexpr std::array<std::string_view, 10> kPhases = {
      "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1", "L1", "L2", "L3", "N"};
  for (auto phase : kPhases) {
    if (spec.size() > phase.size() + 1 && spec.starts_with(phase) && spec[phase.size()] == '.') {
      spec.remove_prefix(phase.size() + 1);
      return phase;
    }
  }
  return {};
}

struct quantity {
  std::string_view spec;
  std::string_view label;
  profile shape;
};

constexpr std::array kPowerQuantities = std::to_array<quantity>({
    {"power.percent", "apparent power load", kPercent},
    {"voltage", "voltage", kVoltage},
    {"current", "current", kCurrent},
    {"frequency", "frequency", kFrequency},
    {"realpower", "real power", kRealPower},
    {"powerfactor", "power factor", kPowerFactor},
    {"crestfactor", "crest factor", kRatio},
    {"power", "apparent power", kApparentPower},
    {"load", "load", kPercent},
});

constexpr std::array kAmbientQuantities = std::to_array<quantity>({
    {"temperature", "temperature", kTemperature},
    {"humidity", "humidity", kHumidity},
});

// A quantity with a modifier: "voltage.high.warning" -> "voltage high warning threshold".
std::optional<std::pair<std::string, profile>> modified(const quantity& q,
                                                        std::string_view modifier) {
  std::string label(q.label);
  if (modifier.empty()) return std::pair{label, q.shape};
  if (modifier == "nominal") return std::pair{"nominal " + label, as_setting(q.shape)};
  if (modifier == "maximum" || modifier == "minimum" || modifier == "peak") {
    return std::pair{std::string(modifier) + " " + label, as_extreme(q.shape)};
  }
  static constexpr std::array<std::string_view, 6> kThresholds = {
      "low", "high", "low.warning", "low.critical", "high.warning", "high.critical"};
  for (auto t : kThresholds) {
    if (modifier != t) continue;
    std::string words(t);
    for (char& c : words)
      if (c == '.') c = ' ';
    return std::pair{label + " " + words + " threshold", as_setting(q.shape)};
  }
  if (modifier == "status") return std::pair{label + " status", kTextDiagnostic};
  if (modifier == "alarm") return std::pair{label + " alarm", kTextSetting};
  if (modifier == "extended") return std::pair{"extended " + label + " range", kTextSetting};
  return std::nullopt;
}

template <std::size_t N>
std::optional<std::pair<std::string, profile>> measured(const std::array<quantity, N>& table,
                                                        std::string_view spec) {
  for (const auto& q : table) {
    if (spec == q.spec) return modified(q, {});
    if (spec.size() > q.spec.size() + 1 && spec.starts_with(q.spec) && spec[q.spec.size()] == '.') {
      return modified(q, spec.substr(q.spec.size() + 1));
    }
  }
  return std::nullopt;
}

constexpr std::array kInputSettings = std::to_array<quantity>({
    {"transfer.low", "low transfer voltage", kVoltageSetting},
    {"transfer.high", "high transfer voltage", kVoltageSetting},
    {"transfer.boost.low", "boost low transfer voltage", kVoltageSetting},
    {"transfer.boost.high", "boost high transfer voltage", kVoltageSetting},
    {"transfer.trim.low", "trim low transfer voltage", kVoltageSetting},
    {"transfer.trim.high", "trim high transfer voltage", kVoltageSetting},
    {"transfer.low.min", "low transfer voltage minimum", kVoltageSetting},
    {"transfer.low.max", "low transfer voltage maximum", kVoltageSetting},
    {"transfer.high.min", "high transfer voltage minimum", kVoltageSetting},
    {"transfer.high.max", "high transfer voltage maximum", kVoltageSetting},
    {"transfer.delay", "transfer delay", kDurationSetting},
    {"transfer.reason", "last transfer reason", kTextDiagnostic},
    {"sensitivity", "sensitivity", kTextSetting},
    {"quality", "quality", kTextSetting},
});

constexpr profile kOutletState{.numeric = false, .icon = "mdi:power-socket"};

constexpr std::array kOutletSpecs = std::to_array<quantity>({
    {"id", "id", kTextSetting},
    {"desc", "description", kTextSetting},
    {"name", "name", kTextSetting},
    {"type", "type", kTextSetting},
    {"groupid", "group", kTextSetting},
    {"status", "status", kOutletState},
    {"switch", "switch", kTextDiagnostic},
    {"switchable", "switchable", kTextSetting},
    {"alarm", "alarm", kTextDiagnostic},
    {"count", "count", kCount},
    {"group.count", "group count", kCount},
    {"autoswitch.charge.low", "battery charge cut-off", kPercentSetting},
    {"battery.charge.low", "battery charge cut-off", kPercentSetting},
    {"delay.shutdown", "shutdown delay", kDurationSetting},
    {"delay.start", "start delay", kDurationSetting},
    {"delay.reboot", "reboot delay", kDurationSetting},
    {"timer.shutdown", "shutdown timer", as_extreme(kRuntime)},
    {"timer.start", "start timer", as_extreme(kRuntime)},
    {"timer.reboot", "reboot timer", as_extreme(kRuntime)},
});

template <std::size_t N>
std::optional<std::pair<std::string, profile>> exact(const std::array<quantity, N>& table,
                                                     std::string_view spec) {
  for (const auto& q : table) {
    if (spec == q.spec) return std::pair{std::string(q.label), q.shape};
  }
  return std::nullopt;
}

std::optional<std::pair<std::string, profile>> ambient_spec(std::string_view spec) {
  if (spec == "present") return std::pair{std::string("sensor present"), kTextSetting};
  // contacts.<x>.status: a dry contact's state, read at a glance like an alarm.
  if (spec.starts_with("contacts.") && spec.ends_with(".status") && spec.size() > 16) {
    return std::pair{"contact " + std::string(spec.substr(9, spec.size() - 16)), kTextLive};
  }
  return measured(kAmbientQuantities, spec);
}

std::optional<std::pair<std::string, profile>> resolve(const domain_match& d,
                                                       std::string_view spec) {
  switch (d.kind) {
    case domain_kind::ambient:
      return ambient_spec(spec);
    case domain_kind::outlet:
      if (auto e = exact(kOutletSpecs, spec)) return e;
      return measured(kPowerQuantities, spec);
    case domain_kind::power:
      if (spec == "phases") return std::pair{std::string("phases"), kCount};
      // The only specs that put their modifier inside the quantity's name.
      if (spec == "power.maximum.percent")
        return measured(kPowerQuantities, "power.percent.maximum");
      if (spec == "power.minimum.percent")
        return measured(kPowerQuantities, "power.percent.minimum");
      if (d.input) {
        if (auto e = exact(kInputSettings, spec)) return e;
      }
      return measured(kPowerQuantities, spec);
  }
  return std::nullopt;
}

}  // namespace

std::optional<variable_metadata> lookup_pattern_variable(std::string_view nut_name) {
  auto domain = match_domain(nut_name);
  if (!domain || domain->rest.empty()) return std::nullopt;
  std::string_view spec = domain->rest;
  std::string_view phase;
  if (domain->kind == domain_kind::power) phase = take_phase(spec);
  auto found = resolve(*domain, spec);
  if (!found) return std::nullopt;
  std::string name = domain->label + " " + found->first;
  if (!phase.empty()) name += " " + std::string(phase);
  return make_metadata(std::move(name), found->second);
}

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
