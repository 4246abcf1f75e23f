#pragma once
// Recognizes an event seen before: QoS 1 may deliver a message twice, and a persistent session
// may hand over what was already acted on. An event is (bridge, boot, seq); `boot` changes
// with every bridge start, `seq` counts up within it.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <utility>

namespace nutmqtt::agent {

class event_dedup {
 public:
  // Memory stays bounded whatever a publisher sends: so many runs and events are plenty to
  // catch redeliveries, which arrive close to the original.
  static constexpr std::size_t kMaxRuns = 16;
  static constexpr std::size_t kMaxPerRun = 512;

  // True the first time (bridge, boot, seq) is seen.
  bool first_time(const std::string& bridge, const std::string& boot, std::uint64_t seq);

 private:
  struct run {
    std::string key;
    std::set<std::uint64_t> seen;
    std::deque<std::uint64_t> order;
  };
  std::deque<run> runs_;  // most recently used last
};

}  // namespace nutmqtt::agent
