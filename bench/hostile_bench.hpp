#pragma once
// Benchmark 5: the bridge beside a hostile upsd. Each scenario runs the bridge (its default
// configuration) on two servers: a healthy nutmqtt-fake-upsd whose UPS status is flipped every
// couple of seconds, and a fake upsd misbehaving on purpose. Measured: the bridge's memory, how
// late the healthy server's changes reach MQTT, how often the hostile one was reconnected, the
// COMMBAD events and the log lines it caused.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/results.hpp"

namespace nutmqtt::bench {

struct hostile_options {
  std::chrono::milliseconds window = std::chrono::seconds(45);
  // The bridge's status interval: the healthy server's changes are judged against it.
  std::chrono::milliseconds status_interval = std::chrono::milliseconds(500);
  std::uint64_t seed = 1;
  // Empty: build/bin's nutmqtt-bridge. Another binary measures an earlier build.
  std::string bridge_program;
};

hostile_result run_hostile_bench(const hostile_options& options);

}  // namespace nutmqtt::bench
