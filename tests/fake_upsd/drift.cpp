#include "fake_upsd/drift.hpp"

#include <algorithm>

#include "common/ups_status.hpp"
#include "fake_upsd/numbers.hpp"

namespace nutmqtt::fake_upsd {
namespace {

// Recharging from empty takes about two hours on a small UPS.
constexpr double kRechargePercentPerSecond = 100.0 / 7200;
// Runtime x load / charge when the UPS does not say: 2000 s at 25 % load from a full battery.
constexpr double kDefaultRuntimeFactor = 2000.0 * 25 / 100;
// What a charging lead-acid battery reads, per volt of nominal voltage.
constexpr double kFloatVoltageRatio = 1.13;

}  // namespace

void ups_drift::step(ups_model& ups, std::chrono::milliseconds elapsed) {
  const double seconds = static_cast<double>(elapsed.count()) / 1000.0;
  const variable* status = ups.find("ups.status");
  const bool on_battery =
      status != nullptr && common::has_token(common::split_status(status->value), "OB");
  step_line(ups, on_battery);
  const double load = step_load(ups);
  step_power(ups, load);
  step_battery(ups, on_battery, load, seconds);
}

std::optional<ups_drift::reading> ups_drift::read(const ups_model& ups,
                                                  std::string_view name) const {
  const variable* v = ups.find(name);
  if (v == nullptr) return std::nullopt;
  auto it = values_.find(name);
  if (it != values_.end() && it->second.written == v->value) return reading{it->second.value};
  auto parsed = parse_number(v->value);
  if (!parsed) return std::nullopt;
  return reading{*parsed, true};
}

void ups_drift::write(ups_model& ups, std::string_view name, double value, int decimals) {
  variable* v = ups.find(name);
  if (v == nullptr) return;
  v->value = format_fixed(value, decimals);
  values_.insert_or_assign(std::string(name), tracked{value, v->value});
}

void ups_drift::wander(ups_model& ups, std::string_view name, double target, double pull,
                       double noise, double band, int decimals) {
  auto now = read(ups, name);
  if (!now) return;
  double next = now->value + pull * (target - now->value) + random_.jitter(noise);
  write(ups, name, std::clamp(next, target - band, target + band), decimals);
}

void ups_drift::step_line(ups_model& ups, bool on_battery) {
  auto nominal = [&](std::string_view name, double fallback) {
    const variable* v = ups.find(name);
    return v != nullptr ? parse_number(v->value).value_or(fallback) : fallback;
  };
  const double volts = nominal("input.voltage.nominal", 230);
  const double hertz = nominal("input.frequency.nominal", nominal("output.frequency.nominal", 50));
  if (on_battery) {
    // A UPS on battery reads a few volts of noise on its dead input.
    if (read(ups, "input.voltage")) write(ups, "input.voltage", random_.uniform(0, 2), 1);
    if (read(ups, "input.frequency")) write(ups, "input.frequency", 0, 1);
  } else {
    wander(ups, "input.voltage", volts, 0.3, 1.5, volts * 0.1, 1);
    wander(ups, "input.frequency", hertz, 0.5, 0.05, 1.0, 1);
  }
  const double out_volts = nominal("output.voltage.nominal", volts);
  wander(ups, "output.voltage", out_volts, 0.5, 1.0, out_volts * 0.05, 1);
  wander(ups, "output.frequency", hertz, 0.5, 0.03, 0.5, 1);
}

double ups_drift::step_load(ups_model& ups) {
  step_temperature(ups, "ups.temperature");
  step_temperature(ups, "battery.temperature");
  auto now = read(ups, "ups.load");
  if (!now) return 25;
  // The load wanders around where it started, or where someone last put it.
  if (now->fresh) baselines_.insert_or_assign("ups.load", now->value);
  const double base = baselines_.at("ups.load");
  const double next =
      std::clamp(now->value + 0.2 * (base - now->value) + random_.jitter(1.5), 0.0, 100.0);
  write(ups, "ups.load", next, 0);
  return next;
}

void ups_drift::step_temperature(ups_model& ups, std::string_view name) {
  auto now = read(ups, name);
  if (!now) return;
  if (now->fresh) baselines_.insert_or_assign(std::string(name), now->value);
  wander(ups, name, baselines_.find(name)->second, 0.1, 0.2, 3, 1);
}

void ups_drift::step_power(ups_model& ups, double load) {
  auto follow = [&](std::string_view name, std::string_view nominal_name, int decimals) {
    const variable* nominal = ups.find(nominal_name);
    auto rating = nominal != nullptr ? parse_number(nominal->value) : std::nullopt;
    if (rating && read(ups, name)) write(ups, name, *rating * load / 100, decimals);
    return rating ? std::optional<double>(*rating * load / 100) : std::nullopt;
  };
  follow("ups.realpower", "ups.realpower.nominal", 0);
  auto apparent = follow("ups.power", "ups.power.nominal", 0);
  auto volts = read(ups, "output.voltage");
  if (apparent && volts && volts->value > 1 && read(ups, "output.current")) {
    write(ups, "output.current", *apparent / volts->value, 2);
  }
}

void ups_drift::step_battery(ups_model& ups, bool on_battery, double load, double seconds) {
  const double load_percent = std::max(load, 1.0);
  auto charge = read(ups, "battery.charge");
  auto runtime = read(ups, "battery.runtime");
  if (charge && runtime && runtime->fresh && charge->value > 0) {
    // A runtime first seen or set from outside tells how this battery holds at this load.
    runtime_factor_ = runtime->value * load_percent / charge->value;
  }
  const double factor = runtime_factor_.value_or(kDefaultRuntimeFactor);
  if (!charge) return;
  double next = charge->value;
  if (on_battery) {
    const double full_runtime = std::max(factor * 100 / load_percent, 1.0);
    next -= 100 * seconds / full_runtime;
  } else {
    next += kRechargePercentPerSecond * seconds;
  }
  next = std::clamp(next, 0.0, 100.0);
  write(ups, "battery.charge", next, 0);
  if (runtime) write(ups, "battery.runtime", factor * next / load_percent, 0);

  const variable* nominal_var = ups.find("battery.voltage.nominal");
  auto nominal = nominal_var != nullptr ? parse_number(nominal_var->value) : std::nullopt;
  if (nominal) {
    const double target =
        on_battery ? *nominal * (0.92 + 0.15 * next / 100) : *nominal * kFloatVoltageRatio;
    wander(ups, "battery.voltage", target, 0.5, 0.05, *nominal * 0.1, 1);
  }
}

}  // namespace nutmqtt::fake_upsd
