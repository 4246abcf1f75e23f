#include "bench/interrupt.hpp"

#include <algorithm>
#include <csignal>
#include <thread>

namespace nutmqtt::bench {
namespace {

volatile std::sig_atomic_t signalled = 0;

extern "C" void on_signal(int) {
  signalled = 1;
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP})
    sigaction(sig, &action, nullptr);
}

bool interrupt_requested() {
  return signalled != 0;
}

void check_interrupt() {
  if (interrupt_requested()) throw interrupted();
}

void pause_for(std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (true) {
    check_interrupt();
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        deadline - now, std::chrono::milliseconds(50)));
  }
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds step) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    check_interrupt();
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    pause_for(step);
  }
}

}  // namespace nutmqtt::bench
