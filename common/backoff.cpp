#include "common/backoff.hpp"

#include <algorithm>

namespace nutmqtt::common {

backoff::backoff(duration first, duration max, std::uint32_t seed)
    : first_(first), max_(std::max(first, max)), rng_(seed) {}

backoff::backoff(duration first, duration max, duration settle, std::uint32_t seed)
    : first_(first), max_(std::max(first, max)), settle_(settle), rng_(seed) {}

backoff::duration backoff::next() {
  auto nominal = first_;
  for (unsigned i = 0; i < attempt_ && nominal < max_; ++i)
    nominal *= 2;
  nominal = std::min(nominal, max_);
  if (attempt_ < 64) ++attempt_;
  std::uniform_int_distribution<std::int64_t> pick(nominal.count() / 2, nominal.count());
  return duration{pick(rng_)};
}

backoff::duration backoff::next(clock::time_point now) {
  if (healthy_since_ && now - *healthy_since_ >= settle_) attempt_ = 0;
  healthy_since_.reset();
  return next();
}

}  // namespace nutmqtt::common
