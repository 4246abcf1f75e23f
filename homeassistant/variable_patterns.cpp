// NUT's compositional names: DOMAIN[.CONTEXT].SPEC for input/output (bypass, inverter and
// three-phase contexts), outlet[.group].N.SPEC and ambient[.N].SPEC, where SPEC is a quantity
// (voltage, current, ...) optionally followed by a modifier (nominal, high.warning, status, ...).

#include <array>
#include <string>

#include "homeassistant/variable_profiles.hpp"

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

}  // namespace nutmqtt::ha::detail
