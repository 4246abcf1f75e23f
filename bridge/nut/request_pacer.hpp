#pragma once
// How fast requests may go to one upsd server: a token bucket holding one second's worth, so a
// burst (the status of every UPS at once) goes out together and a sustained flood (a status
// that flaps on every poll asking for the variables each time, a capability fetch of a UPS
// with thousands of enumerated values) is spread out. Pure: the time is passed in.

#include <chrono>

namespace nutmqtt::bridge {

class request_pacer {
 public:
  using clock = std::chrono::steady_clock;

  // `per_second` requests a second on average, at most that many at once; 0: no limit.
  explicit request_pacer(unsigned per_second) : rate_(per_second), tokens_(per_second) {}

  // Takes one request's token if there is one.
  bool take(clock::time_point now);
  // When the next token will be there (now when there is one).
  clock::time_point next_token(clock::time_point now);
  bool unlimited() const { return rate_ == 0; }

 private:
  void refill(clock::time_point now);

  double rate_;
  double tokens_;
  clock::time_point last_{};
  bool started_ = false;
};

}  // namespace nutmqtt::bridge
