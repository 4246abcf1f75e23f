#include "fake_upsd/descriptions.hpp"

#include <map>
#include <string>

#include "fake_upsd/ups_model.hpp"

namespace nutmqtt::fake_upsd {
namespace {

using table = std::map<std::string_view, std::string_view>;

const table& variables() {
  static const table kTable = {
      {"battery.charge", "Battery charge (percent of full)"},
      {"battery.charge.low", "Remaining battery level when UPS switches to LB (percent)"},
      {"battery.charge.warning", "Battery level when UPS switches to Warning state (percent)"},
      {"battery.date", "Battery installation or last change date"},
      {"battery.mfr.date", "Battery manufacturing date"},
      {"battery.runtime", "Battery runtime (seconds)"},
      {"battery.runtime.low", "Remaining battery runtime when UPS switches to LB (seconds)"},
      {"battery.temperature", "Battery temperature (degrees C)"},
      {"battery.type", "Battery chemistry"},
      {"battery.voltage", "Battery voltage (V)"},
      {"battery.voltage.nominal", "Nominal battery voltage (V)"},
      {"device.mfr", "Device manufacturer"},
      {"device.model", "Device model"},
      {"device.serial", "Device serial number"},
      {"device.type", "Device type"},
      {"driver.name", "Driver name"},
      {"driver.version", "Driver version - NUT release"},
      {"driver.version.internal", "Internal driver version"},
      {"input.current", "Input current (A)"},
      {"input.frequency", "Input line frequency (Hz)"},
      {"input.frequency.nominal", "Nominal input line frequency (Hz)"},
      {"input.sensitivity", "Input power sensitivity"},
      {"input.transfer.high", "High voltage transfer point (V)"},
      {"input.transfer.low", "Low voltage transfer point (V)"},
      {"input.voltage", "Input voltage (V)"},
      {"input.voltage.nominal", "Nominal input voltage (V)"},
      {"outlet.desc", "Outlet description"},
      {"outlet.switchable", "Outlet switch ability"},
      {"output.current", "Output current (A)"},
      {"output.frequency", "Output frequency (Hz)"},
      {"output.frequency.nominal", "Nominal output frequency (Hz)"},
      {"output.voltage", "Output voltage (V)"},
      {"output.voltage.nominal", "Nominal output voltage (V)"},
      {"ups.alarm", "UPS alarms"},
      {"ups.beeper.status", "UPS beeper status"},
      {"ups.delay.shutdown", "Interval to wait after shutdown with delay command (seconds)"},
      {"ups.delay.start", "Interval to wait before (re)starting the load (seconds)"},
      {"ups.firmware", "UPS firmware"},
      {"ups.load", "Load on UPS (percent of full)"},
      {"ups.mfr", "UPS manufacturer"},
      {"ups.model", "UPS model"},
      {"ups.power", "Current value of apparent power (VA)"},
      {"ups.power.nominal", "UPS power rating (VA)"},
      {"ups.productid", "Product ID for USB devices"},
      {"ups.realpower", "Current value of real power (W)"},
      {"ups.realpower.nominal", "UPS real power rating (W)"},
      {"ups.serial", "UPS serial number"},
      {"ups.status", "UPS status"},
      {"ups.temperature", "UPS temperature (degrees C)"},
      {"ups.test.result", "Results of last self test"},
      {"ups.timer.reboot", "Time before the load will be rebooted (seconds)"},
      {"ups.timer.shutdown", "Time before the load will be shutdown (seconds)"},
      {"ups.timer.start", "Time before the load will be started (seconds)"},
      {"ups.type", "UPS type"},
      {"ups.vendorid", "Vendor ID for USB devices"},
  };
  return kTable;
}

const table& commands() {
  static const table kTable = {
      {"beeper.disable", "Disable the UPS beeper"},
      {"beeper.enable", "Enable the UPS beeper"},
      {"beeper.mute", "Temporarily mute the UPS beeper"},
      {"load.off", "Turn off the load immediately"},
      {"load.off.delay", "Turn off the load with a delay (seconds)"},
      {"load.on", "Turn on the load immediately"},
      {"load.on.delay", "Turn on the load with a delay (seconds)"},
      {"shutdown.return", "Turn off the load and return when power is back"},
      {"shutdown.stayoff", "Turn off the load and remain off"},
      {"shutdown.stop", "Stop a shutdown in progress"},
      {"test.battery.start.deep", "Start a deep battery test"},
      {"test.battery.start.quick", "Start a quick battery test"},
      {"test.battery.stop", "Stop the battery test"},
  };
  return kTable;
}

std::optional<std::string_view> lookup(const table& t, std::string_view name) {
  auto it = t.find(name_key(name));
  if (it == t.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::optional<std::string_view> variable_description(std::string_view name) {
  return lookup(variables(), name);
}

std::optional<std::string_view> command_description(std::string_view name) {
  return lookup(commands(), name);
}

}  // namespace nutmqtt::fake_upsd
