#include "common/backoff.hpp"

#include <algorithm>

namespace nutmqtt::common {

backoff::backoff(duration first, duration max, std::uint32_t seed)
    : first_(first), max_(std::max(first, max)), rng_(seed) {}

backoff::duration backoff::next() {
  auto nominal = first_;
  for (unsigned i = 0; i < attempt_ && nominal < max_; ++i)
    nominal *= 2;
  nominal = std::min(nominal, max_);
  if (attempt_ < 64) ++attempt_;
  std::uniform_int_distribution<std::int64_t> pick(nominal.count() / 2, nominal.count());
  return duration{pick(rng_)};
}

}  // namespace nutmqtt::common
