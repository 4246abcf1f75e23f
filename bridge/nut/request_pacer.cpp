#include "bridge/nut/request_pacer.hpp"

#include <algorithm>
#include <cmath>

namespace nutmqtt::bridge {

void request_pacer::refill(clock::time_point now) {
  if (!started_) {
    started_ = true;
    last_ = now;
    return;
  }
  if (now <= last_) return;
  const std::chrono::duration<double> elapsed = now - last_;
  tokens_ = std::min(rate_, tokens_ + elapsed.count() * rate_);
  last_ = now;
}

bool request_pacer::take(clock::time_point now) {
  if (unlimited()) return true;
  refill(now);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

request_pacer::clock::time_point request_pacer::next_token(clock::time_point now) {
  if (unlimited()) return now;
  refill(now);
  if (tokens_ >= 1.0) return now;
  const double wait_s = (1.0 - tokens_) / rate_;
  auto wait = std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(wait_s));
  return now + wait + std::chrono::microseconds(1);
}

}  // namespace nutmqtt::bridge
