#include "fake_upsd/realistic_ups.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_upsd/numbers.hpp"
#include "fake_upsd/random_source.hpp"

namespace nutmqtt::fake_upsd {
namespace {

constexpr double kPowerNominal = 1500;      // VA
constexpr double kRealpowerNominal = 1350;  // W
constexpr double kBatteryNominal = 24.0;    // V
// Usable battery energy (two 12 V 9 Ah blocks, 80 % usable): sets the runtime at a given load.
constexpr double kBatteryWattHours = 24.0 * 9.0 * 0.8;

constexpr std::string_view kCommands[] = {
    "beeper.disable",   "beeper.enable",           "beeper.mute",
    "load.off",         "load.off.delay",          "load.on",
    "load.on.delay",    "shutdown.return",         "shutdown.stayoff",
    "shutdown.stop",    "test.battery.start.deep", "test.battery.start.quick",
    "test.battery.stop"};

std::string serial_number(random_source& r) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
  std::string s = "SM";
  for (int i = 0; i < 10; ++i)
    s.push_back(kAlphabet[r.below(kAlphabet.size())]);
  return s;
}

// The measurements a UPS at `load` percent reports on line power.
std::vector<std::pair<std::string_view, std::string>> measurements(random_source& r, double load) {
  const double realpower = kRealpowerNominal * load / 100;
  const double power = kPowerNominal * load / 100;
  const double input_voltage = 230 + r.jitter(4);
  const double runtime = kBatteryWattHours / std::max(realpower, 20.0) * 3600;
  return {
      {"battery.charge", "100"},
      {"battery.runtime", format_fixed(runtime, 0)},
      {"battery.temperature", format_fixed(25 + r.jitter(2), 1)},
      {"battery.voltage", format_fixed(kBatteryNominal * 1.13 + r.jitter(0.1), 1)},
      {"input.current", format_fixed(power / input_voltage * 1.05, 2)},
      {"input.frequency", format_fixed(50 + r.jitter(0.1), 1)},
      {"input.voltage", format_fixed(input_voltage, 1)},
      {"output.current", format_fixed(power / 230, 2)},
      {"output.frequency", format_fixed(50 + r.jitter(0.1), 1)},
      {"output.voltage", format_fixed(230 + r.jitter(1), 1)},
      {"ups.load", format_fixed(load, 0)},
      {"ups.power", format_fixed(power, 0)},
      {"ups.realpower", format_fixed(realpower, 0)},
      {"ups.temperature", format_fixed(28 + r.jitter(3), 1)},
  };
}

std::vector<std::pair<std::string_view, std::string>> identity(random_source& r) {
  const std::string serial = serial_number(r);
  return {
      {"battery.charge.warning", "50"},
      {"battery.date", "2023/05/14"},
      {"battery.mfr.date", "2023/03/02"},
      {"battery.type", "PbAc"},
      {"battery.voltage.nominal", format_fixed(kBatteryNominal, 1)},
      {"device.mfr", "Simulated Power"},
      {"device.model", "SimUPS 1500"},
      {"device.serial", serial},
      {"device.type", "ups"},
      {"driver.name", "usbhid-ups"},
      {"driver.parameter.pollfreq", "30"},
      {"driver.parameter.pollinterval", "2"},
      {"driver.parameter.port", "auto"},
      {"driver.parameter.synchronous", "auto"},
      {"driver.version", "2.8.0"},
      {"driver.version.data", "MGE HID 1.46"},
      {"driver.version.internal", "0.47"},
      {"driver.version.usb", "libusb-1.0.26 (API: 0x1000109)"},
      {"input.frequency.nominal", "50"},
      {"input.voltage.nominal", "230"},
      {"outlet.1.status", "on"},
      {"outlet.1.switchable", "yes"},
      {"outlet.2.status", "on"},
      {"outlet.2.switchable", "yes"},
      {"outlet.switchable", "no"},
      {"output.frequency.nominal", "50"},
      {"output.powerfactor", "0.82"},
      {"ups.beeper.status", "enabled"},
      {"ups.efficiency", "95"},
      {"ups.firmware", "02.08.0010"},
      {"ups.mfr", "Simulated Power"},
      {"ups.model", "SimUPS 1500"},
      {"ups.power.nominal", format_fixed(kPowerNominal, 0)},
      {"ups.productid", "ffff"},
      {"ups.realpower.nominal", format_fixed(kRealpowerNominal, 0)},
      {"ups.serial", serial},
      {"ups.test.interval", "604800"},
      {"ups.test.result", "Done and passed"},
      {"ups.timer.reboot", "-1"},
      {"ups.timer.shutdown", "-1"},
      {"ups.timer.start", "-1"},
      {"ups.type", "line-interactive"},
      {"ups.vendorid", "0463"},
  };
}

void define_writable(ups_model& ups) {
  auto rw_string = [&](std::string name, std::string value, std::size_t length) {
    ups.define(variable{std::move(name), std::move(value), true, length, {}, {}});
  };
  auto rw_enum = [&](std::string name, std::string value, std::vector<std::string> values) {
    ups.define(variable{std::move(name), std::move(value), true, {}, std::move(values), {}});
  };
  auto rw_range = [&](std::string name, std::string value, int lo, int hi) {
    ups.define(variable{std::move(name), std::move(value), true, {}, {}, {{lo, hi}}});
  };
  rw_range("battery.charge.low", "10", 5, 90);
  rw_string("battery.runtime.low", "120", 10);
  rw_enum("input.sensitivity", "normal", {"low", "normal", "high"});
  rw_range("input.transfer.high", "264", 250, 290);
  rw_range("input.transfer.low", "184", 160, 200);
  rw_string("outlet.1.desc", "PowerShare Outlet 1", 20);
  rw_string("outlet.2.desc", "PowerShare Outlet 2", 20);
  rw_string("outlet.desc", "Main Outlet", 20);
  rw_enum("output.voltage.nominal", "230", {"220", "230", "240"});
  rw_string("ups.delay.shutdown", "20", 10);
  rw_string("ups.delay.start", "30", 10);
  // The knob tests and benchmarks turn (dummy-ups makes it writable the same way).
  rw_string("ups.status", "OL", 32);
}

}  // namespace

ups_model realistic_ups(std::string name, std::uint64_t seed, std::string description) {
  ups_model ups(std::move(name), std::move(description));
  random_source random(seed);
  const double load = random.uniform(10, 60);
  for (auto& [var, value] : identity(random))
    ups.set(var, std::move(value));
  for (auto& [var, value] : measurements(random, load))
    ups.set(var, std::move(value));
  define_writable(ups);
  for (auto command : kCommands)
    ups.add_command(command);
  return ups;
}

}  // namespace nutmqtt::fake_upsd
