#pragma once
// Ctrl-C (SIGINT), SIGTERM and SIGHUP stop a benchmark cleanly: the handler only sets a flag;
// every wait of the harness checks it and throws `interrupted`, and unwinding stops each process
// the benchmark started (by its pid) and removes its temporary directories.

#include <chrono>
#include <functional>
#include <stdexcept>

namespace nutmqtt::bench {

struct interrupted : std::runtime_error {
  interrupted() : std::runtime_error("interrupted") {}
};

void install_interrupt_handlers();
bool interrupt_requested();
// Throws `interrupted` once a signal arrived.
void check_interrupt();
// Sleeps, waking every 50 ms to check for a signal.
void pause_for(std::chrono::milliseconds duration);
// Polls `condition` every `step` until it holds (true) or `timeout` passes (false).
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds step = std::chrono::milliseconds(50));

}  // namespace nutmqtt::bench
