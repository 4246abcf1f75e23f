#include "fake_upsd/random_source.hpp"

namespace nutmqtt::fake_upsd {

std::uint64_t random_source::next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double random_source::uniform(double lo, double hi) {
  // The top 53 bits make an evenly spread double in [0, 1).
  const double unit = static_cast<double>(next() >> 11) * 0x1.0p-53;
  return lo + (hi - lo) * unit;
}

std::uint64_t random_source::below(std::uint64_t n) {
  return n == 0 ? 0 : next() % n;
}

std::uint64_t derive_seed(std::uint64_t seed, std::string_view name) {
  // FNV-1a over the name, mixed with the seed: stable across runs and platforms.
  std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  random_source mix(h);
  return mix.next();
}

}  // namespace nutmqtt::fake_upsd
