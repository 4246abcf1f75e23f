#pragma once
// Moves a UPS's measurements the way a real unit's move between two polls: voltages and
// frequencies jitter around their nominal values, the load wanders around where it started,
// power follows the load, the battery discharges on battery and recharges on line power, and the
// runtime follows charge and load. Never touches ups.status: the test or benchmark owns it.
// A value someone else changed (SET VAR, the test) is taken as the new starting point.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "fake_upsd/random_source.hpp"
#include "fake_upsd/ups_model.hpp"

namespace nutmqtt::fake_upsd {

class ups_drift {
 public:
  explicit ups_drift(std::uint64_t seed) : random_(seed) {}

  // One step covering `elapsed` of simulated time; only variables the UPS has are changed.
  void step(ups_model& ups, std::chrono::milliseconds elapsed);

 private:
  struct tracked {
    double value = 0;
    std::string written;  // what this drift last wrote, to notice changes made by others
  };
  struct reading {
    double value = 0;
    bool fresh = false;  // first seen, or changed by someone else since the last step
  };

  std::optional<reading> read(const ups_model& ups, std::string_view name) const;
  void write(ups_model& ups, std::string_view name, double value, int decimals);
  // Mean-reverting random walk towards `target`, clamped to target +- `band`.
  void wander(ups_model& ups, std::string_view name, double target, double pull, double noise,
              double band, int decimals);
  double step_load(ups_model& ups);
  void step_temperature(ups_model& ups, std::string_view name);
  void step_line(ups_model& ups, bool on_battery);
  void step_battery(ups_model& ups, bool on_battery, double load, double seconds);
  void step_power(ups_model& ups, double load);

  random_source random_;
  std::map<std::string, tracked, std::less<>> values_;
  std::map<std::string, double, std::less<>> baselines_;
  std::optional<double> runtime_factor_;  // runtime (s) x load (%) / charge (%)
};

}  // namespace nutmqtt::fake_upsd
