#include "common/rate_limiter.hpp"

#include <fmt/format.h>

namespace nutmqtt::common {

std::optional<std::size_t> rate_limiter::allow(const std::string& key, clock::time_point now) {
  auto found = index_.find(key);
  if (found == index_.end()) {
    if (index_.size() >= max_keys_) {
      index_.erase(entries_.back().key);
      entries_.pop_back();
    }
    entries_.push_front(entry{key, now, 0});
    index_.emplace(key, entries_.begin());
    return 0;
  }
  auto it = found->second;
  entries_.splice(entries_.begin(), entries_, it);
  if (now - it->last < interval_) {
    ++it->suppressed;
    return std::nullopt;
  }
  std::size_t suppressed = it->suppressed;
  it->last = now;
  it->suppressed = 0;
  return suppressed;
}

std::string suppressed_note(std::size_t suppressed) {
  if (suppressed == 0) return {};
  return fmt::format(" ({} similar message{} suppressed)", suppressed, suppressed == 1 ? "" : "s");
}

}  // namespace nutmqtt::common
