#pragma once
// Keeps a repeated complaint (a hostile payload every millisecond, a flapping server) from
// flooding the log: at most one line per key and interval, with a count of what was held back.
// Keys name where and what went wrong ("<base>/+/state", "invalid state"), never the offending
// text, so that a flood of different payloads or made-up ids is one line per interval.

#include <chrono>
#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>

namespace nutmqtt::common {

class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;

  explicit rate_limiter(std::chrono::milliseconds interval, std::size_t max_keys = 256)
      : interval_(interval), max_keys_(max_keys == 0 ? 1 : max_keys) {}

  // nullopt: stay quiet. Otherwise: log now, mentioning the returned number of suppressed
  // repeats since the last line for this key.
  std::optional<std::size_t> allow(const std::string& key, clock::time_point now);

  std::size_t size() const { return index_.size(); }

 private:
  struct entry {
    std::string key;
    clock::time_point last;
    std::size_t suppressed = 0;
  };
  using list = std::list<entry>;
  std::chrono::milliseconds interval_;
  std::size_t max_keys_;
  // Most recently used first: when full, only the key unused for longest is forgotten, so a
  // burst of new keys cannot reset the count of the keys still complaining.
  list entries_;
  std::unordered_map<std::string, list::iterator> index_;
};

// " (N similar messages suppressed)" after a line that allow() let through, "" for none.
std::string suppressed_note(std::size_t suppressed);

}  // namespace nutmqtt::common
