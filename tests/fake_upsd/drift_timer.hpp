#pragma once
// Steps every UPS's drift on a fixed period, on the fake's io_context thread.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "fake_upsd/asio.hpp"
#include "fake_upsd/drift.hpp"
#include "fake_upsd/ups_registry.hpp"

namespace nutmqtt::fake_upsd {

class drift_timer {
 public:
  // `registries` (one per server) must outlive the timer. Each UPS drifts with a seed of its own,
  // derived from `seed`, its server's index and its name.
  drift_timer(boost::asio::io_context& io, std::chrono::milliseconds interval, std::uint64_t seed,
              std::vector<ups_registry*> registries);

  void start();
  void stop();

 private:
  void schedule();
  void tick();

  boost::asio::steady_timer timer_;
  std::chrono::milliseconds interval_;
  std::uint64_t seed_;
  std::vector<ups_registry*> registries_;
  // Created on first sight, so that UPSes added at run time drift too.
  std::map<std::pair<std::size_t, std::string>, ups_drift> drifts_;
  std::chrono::steady_clock::time_point next_;
  bool stopped_ = false;
};

}  // namespace nutmqtt::fake_upsd
