#pragma once
// Which broker of `mqtt.url` an MQTT session tries next.
//
// A round is one attempt at each broker, starting where the session stands; within a round a
// failed broker hands over to the next at once, and only a round in which every broker failed
// asks for the reconnect backoff. So a dead first broker costs one attempt before the second
// is tried, and a single broker is retried with the backoff as before.

#include <cstddef>

namespace nutmqtt::common {

class broker_rotation {
 public:
  explicit broker_rotation(std::size_t brokers) : size_(brokers == 0 ? 1 : brokers) {}

  // The index (in the configured list) of the broker to connect to, or connected to.
  std::size_t current() const { return current_; }
  std::size_t size() const { return size_; }
  bool on_first() const { return current_ == 0; }

  // A connect to current() failed: moves on to the next broker. True when every broker has
  // now failed once in this round, so that the caller waits its backoff before trying again
  // (a new round begins); false when the next one is to be tried at once.
  bool failed();
  // Connected to current(), or lost the connection to it: the next failure begins a new round
  // there.
  void begin_round() { tried_ = 0; }
  // Failback: the next attempt goes to the first broker, as a new round.
  void to_first() {
    current_ = 0;
    tried_ = 0;
  }

 private:
  std::size_t size_;
  std::size_t current_ = 0;
  std::size_t tried_ = 0;  // brokers that failed since the round began
};

}  // namespace nutmqtt::common
