#pragma once
// Bounded waiting: every loop in a test ends by a deadline, never by hope.

#include <chrono>
#include <functional>
#include <thread>

namespace nutmqtt::test {

using namespace std::chrono_literals;

// Polls `condition` every `step` until it holds (true) or `timeout` passes (false).
inline bool wait_until(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = 10s,
                       std::chrono::milliseconds step = 20ms) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(step);
  }
}

}  // namespace nutmqtt::test
