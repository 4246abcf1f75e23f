#pragma once
// Deterministic pseudo-random numbers (splitmix64) that give the same sequence for the same
// seed on every platform, unlike the standard distributions: a benchmark or a test can replay
// a run exactly.

#include <cstdint>
#include <string_view>

namespace nutmqtt::fake_upsd {

class random_source {
 public:
  explicit random_source(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next();
  // Uniform in [lo, hi).
  double uniform(double lo, double hi);
  // Uniform in [-amplitude, amplitude).
  double jitter(double amplitude) { return uniform(-amplitude, amplitude); }
  // Uniform in [0, n); 0 when n is 0.
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t state_;
};

// A seed of its own for each named thing (a UPS, a server), derived from the run's seed.
std::uint64_t derive_seed(std::uint64_t seed, std::string_view name);

}  // namespace nutmqtt::fake_upsd
