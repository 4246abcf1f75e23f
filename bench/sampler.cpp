#include "bench/sampler.hpp"

#include "bench/interrupt.hpp"

namespace nutmqtt::bench {

std::vector<named_usage> sample_processes(const std::vector<std::pair<std::string, pid_t>>& pids,
                                          std::chrono::milliseconds window,
                                          std::chrono::milliseconds interval) {
  std::vector<std::vector<process_sample>> samples(pids.size());
  auto take = [&] {
    for (std::size_t i = 0; i < pids.size(); ++i) {
      if (pids[i].second < 1) continue;
      if (auto s = sample_process(pids[i].second)) samples[i].push_back(*s);
    }
  };
  const auto start = std::chrono::steady_clock::now();
  take();
  for (auto next = start + interval; next <= start + window; next += interval) {
    pause_for(std::chrono::duration_cast<std::chrono::milliseconds>(
        next - std::chrono::steady_clock::now()));
    take();
  }
  std::vector<named_usage> out;
  for (std::size_t i = 0; i < pids.size(); ++i)
    out.push_back({pids[i].first, summarize_usage(samples[i], ticks_per_second())});
  return out;
}

}  // namespace nutmqtt::bench
