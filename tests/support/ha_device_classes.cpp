// Home Assistant's device classes, and the units and state classes each allows, as the
// project's Home Assistant reference lists them.

#include "support/ha_validator_detail.hpp"

namespace nutmqtt::test::ha_detail {

const name_set& sensor_classes() {
  static const name_set kClasses = {"apparent_power",
                                    "aqi",
                                    "area",
                                    "atmospheric_pressure",
                                    "battery",
                                    "blood_glucose_concentration",
                                    "carbon_dioxide",
                                    "carbon_monoxide",
                                    "conductivity",
                                    "current",
                                    "data_rate",
                                    "data_size",
                                    "date",
                                    "distance",
                                    "duration",
                                    "energy",
                                    "energy_distance",
                                    "energy_storage",
                                    "enum",
                                    "frequency",
                                    "gas",
                                    "humidity",
                                    "illuminance",
                                    "irradiance",
                                    "moisture",
                                    "monetary",
                                    "nitrogen_dioxide",
                                    "nitrogen_monoxide",
                                    "nitrous_oxide",
                                    "ozone",
                                    "ph",
                                    "pm1",
                                    "pm10",
                                    "pm25",
                                    "power",
                                    "power_factor",
                                    "precipitation",
                                    "precipitation_intensity",
                                    "pressure",
                                    "reactive_energy",
                                    "reactive_power",
                                    "signal_strength",
                                    "sound_pressure",
                                    "speed",
                                    "sulphur_dioxide",
                                    "temperature",
                                    "timestamp",
                                    "volatile_organic_compounds",
                                    "volatile_organic_compounds_parts",
                                    "voltage",
                                    "volume",
                                    "volume_flow_rate",
                                    "volume_storage",
                                    "water",
                                    "weight",
                                    "wind_direction",
                                    "wind_speed"};
  return kClasses;
}

const name_set& binary_sensor_classes() {
  static const name_set kClasses = {"battery",
                                    "battery_charging",
                                    "carbon_monoxide",
                                    "cold",
                                    "connectivity",
                                    "door",
                                    "garage_door",
                                    "gas",
                                    "heat",
                                    "light",
                                    "lock",
                                    "moisture",
                                    "motion",
                                    "moving",
                                    "occupancy",
                                    "opening",
                                    "plug",
                                    "power",
                                    "presence",
                                    "problem",
                                    "running",
                                    "safety",
                                    "smoke",
                                    "sound",
                                    "tamper",
                                    "update",
                                    "vibration",
                                    "window"};
  return kClasses;
}

// Units Home Assistant accepts per device class ("" = no unit); classes absent are not checked.
const class_table& class_units() {
  static const class_table kUnits = {
      {"battery", {"%"}},
      {"humidity", {"%"}},
      {"voltage", {"V", "mV", "kV", "µV", "MV"}},
      {"current", {"A", "mA"}},
      {"power", {"W", "kW", "MW", "GW", "TW", "mW"}},
      {"apparent_power", {"VA", "kVA", "mVA"}},
      {"frequency", {"Hz", "kHz", "MHz", "GHz"}},
      {"temperature", {"°C", "°F", "K"}},
      {"duration", {"d", "h", "min", "s", "ms", "µs"}},
      {"power_factor", {"%", ""}},
      {"energy", {"Wh", "kWh", "MWh", "GWh", "TWh", "mWh", "MJ", "GJ"}},
      {"enum", {""}},
      {"date", {""}},
      {"timestamp", {""}},
  };
  return kUnits;
}

// State classes allowed per device class; classes absent accept any.
const class_table& class_state_classes() {
  static const name_set kMeasurement = {"measurement"};
  static const class_table kAllowed = {
      {"battery", kMeasurement},
      {"voltage", kMeasurement},
      {"current", kMeasurement},
      {"power", kMeasurement},
      {"apparent_power", kMeasurement},
      {"frequency", kMeasurement},
      {"temperature", kMeasurement},
      {"humidity", kMeasurement},
      {"power_factor", kMeasurement},
      {"energy", {"total", "total_increasing"}},
      {"enum", {}},
      {"date", {}},
      {"timestamp", {}},
  };
  return kAllowed;
}

}  // namespace nutmqtt::test::ha_detail
