#pragma once
// An MQTT subscriber that counts what arrives: every message, which of the expected topics have
// arrived (non-empty) and when the last of each group did, and the events, with their arrival
// times. Light enough for the tens of thousands of retained messages of 1,000 UPSes: it keeps
// no payloads except events'.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace mqtt {
class async_client;
}

namespace nutmqtt::bench {

class topic_tally {
 public:
  using clock = std::chrono::steady_clock;
  struct event_arrival {
    clock::time_point at;
    std::string ups;   // the topic level before /event
    std::string type;  // event_type
  };
  struct group_progress {
    std::size_t expected = 0;
    std::size_t seen = 0;
    std::optional<clock::time_point> complete_at;  // when its last topic arrived
  };

  // `expected`: group name -> topics. Subscribes (QoS 1) to `filters` and returns once the
  // broker confirmed the subscription; throws when it cannot.
  topic_tally(int port, const std::vector<std::string>& filters,
              const std::map<std::string, std::vector<std::string>>& expected,
              std::string event_prefix);
  ~topic_tally();
  topic_tally(const topic_tally&) = delete;
  topic_tally& operator=(const topic_tally&) = delete;

  std::uint64_t messages() const;
  std::map<std::string, group_progress> progress() const;
  std::vector<event_arrival> events() const;
  // Up to `limit` expected topics that have not arrived, sorted.
  std::vector<std::string> missing(std::size_t limit) const;

 private:
  struct state;
  std::shared_ptr<state> state_;
  std::unique_ptr<mqtt::async_client> client_;
};

}  // namespace nutmqtt::bench
