#pragma once
// Exponential backoff with jitter, for reconnecting to upsd servers and the broker.
// Jitter keeps many bridges (or many servers of one bridge) from retrying in lock step.

#include <chrono>
#include <cstdint>
#include <random>

namespace nutmqtt::common {

class backoff {
 public:
  using duration = std::chrono::milliseconds;

  backoff(duration first, duration max, std::uint32_t seed = std::random_device{}());

  // The delay before the next attempt: doubles from `first` up to `max`, each value drawn
  // uniformly from [half, full] of the nominal delay.
  duration next();
  // Call after a success so that the next failure starts again from `first`.
  void reset() { attempt_ = 0; }
  unsigned attempts() const { return attempt_; }

 private:
  duration first_;
  duration max_;
  unsigned attempt_ = 0;
  std::minstd_rand rng_;
};

}  // namespace nutmqtt::common
