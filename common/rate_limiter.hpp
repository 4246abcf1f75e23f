#pragma once
// Keeps a repeated complaint (a hostile payload every millisecond, a flapping server) from
// flooding the log: at most one line per key and interval, with a count of what was held back.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace nutmqtt::common {

class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;

  explicit rate_limiter(std::chrono::milliseconds interval, std::size_t max_keys = 1024)
      : interval_(interval), max_keys_(max_keys) {}

  // nullopt: stay quiet. Otherwise: log now, mentioning the returned number of suppressed
  // repeats since the last line for this key.
  std::optional<std::size_t> allow(const std::string& key, clock::time_point now);

 private:
  struct entry {
    clock::time_point last;
    std::size_t suppressed = 0;
  };
  std::chrono::milliseconds interval_;
  std::size_t max_keys_;
  std::map<std::string, entry> entries_;
};

}  // namespace nutmqtt::common
