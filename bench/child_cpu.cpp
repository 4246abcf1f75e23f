#include "bench/child_cpu.hpp"

#include <csignal>
#include <thread>

#include "bench/interrupt.hpp"
#include "support/child_process.hpp"

namespace nutmqtt::bench {

cpu_run run_measuring_cpu(const std::vector<std::string>& argv, const std::string& log,
                          std::chrono::milliseconds timeout) {
  test::child_process child(argv, log);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (child.running()) {
    const bool stop = interrupt_requested();
    if (stop || std::chrono::steady_clock::now() >= deadline) {
      child.signal_group(SIGKILL);  // the script and whatever it runs now
      child.wait_exit(std::chrono::seconds(5));
      if (stop) throw interrupted();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  cpu_run r;
  r.status = child.wait_exit(std::chrono::seconds(0)).value_or(-1);
  r.cpu_seconds = child.cpu_seconds().value_or(0);
  return r;
}

}  // namespace nutmqtt::bench
