#include "common/rate_limiter.hpp"

namespace nutmqtt::common {

std::optional<std::size_t> rate_limiter::allow(const std::string& key, clock::time_point now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    // Hostile input could invent endless keys; forgetting them all is safe, merely chattier.
    if (entries_.size() >= max_keys_) entries_.clear();
    entries_.emplace(key, entry{now, 0});
    return 0;
  }
  if (now - it->second.last < interval_) {
    ++it->second.suppressed;
    return std::nullopt;
  }
  std::size_t suppressed = it->second.suppressed;
  it->second = entry{now, 0};
  return suppressed;
}

}  // namespace nutmqtt::common
