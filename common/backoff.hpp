#pragma once
// Exponential backoff with jitter, for reconnecting to upsd servers and the broker.
// Jitter keeps many bridges (or many servers of one bridge) from retrying in lock step.
//
// A peer that accepts each connection and then fails (drops it after a few seconds, answers
// one request with garbage) must not be retried at the first delay every time. So a success
// only forgives the earlier failures once it has lasted: `healthy()` starts a stretch, and the
// next failure starts again from `first` only if that stretch lasted `settle` or longer.

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace nutmqtt::common {

class backoff {
 public:
  using duration = std::chrono::milliseconds;
  using clock = std::chrono::steady_clock;

  backoff(duration first, duration max, std::uint32_t seed = std::random_device{}());
  // With a settle time: see healthy() and next(now).
  backoff(duration first, duration max, duration settle,
          std::uint32_t seed = std::random_device{}());

  // The delay before the next attempt: doubles from `first` up to `max`, each value drawn
  // uniformly from [half, full] of the nominal delay.
  duration next();
  // The same, after a failure at `now`: when the healthy stretch begun by healthy() had lasted
  // `settle` by then, the count starts again from `first`. The stretch ends here either way.
  duration next(clock::time_point now);
  // Call after a success so that the next failure starts again from `first`.
  void reset() {
    attempt_ = 0;
    healthy_since_.reset();
  }
  // Call when the peer works (again); only the first call of a stretch counts.
  void healthy(clock::time_point now) {
    if (!healthy_since_) healthy_since_ = now;
  }
  unsigned attempts() const { return attempt_; }
  duration settle() const { return settle_; }

 private:
  duration first_;
  duration max_;
  duration settle_{0};
  unsigned attempt_ = 0;
  std::optional<clock::time_point> healthy_since_;
  std::minstd_rand rng_;
};

}  // namespace nutmqtt::common
