#include "bench/direct_latency_bench.hpp"

#include <iostream>
#include <random>
#include <stdexcept>

#include "bench/daemon_configs.hpp"
#include "bench/event_timing.hpp"
#include "bench/fake_upsd_program.hpp"
#include "bench/interrupt.hpp"
#include "bench/topic_tally.hpp"
#include "common/topics.hpp"
#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"

namespace nutmqtt::bench {

std::vector<std::optional<double>> run_direct_latency_bench(const direct_latency_options& options) {
  using namespace std::chrono_literals;
  std::cerr << "latency: the bridge alone, on nutmqtt-fake-upsd\n";
  std::mt19937_64 rng(options.seed);
  test::temp_dir dir;
  fake_upsd_program fake(dir, 1, 1, "0", rng());  // no drift: only the flips change anything
  auto served = list_served(fake.ports());
  if (served.size() != 1) throw std::runtime_error("nutmqtt-fake-upsd did not serve one UPS");
  test::mosquitto_broker broker;
  const common::topic_scheme t(kBaseTopic);
  topic_tally tally(broker.port(), {std::string(kBaseTopic) + "/#"},
                    {{"ups", {t.status(served.front().name)}}}, std::string(kBaseTopic) + "/");
  dir.write("bridge.yaml", bridge_config_text({broker.url(), fake.ports(), {}, {}, false}));
  test::child_process bridge(
      {test::program_path("nutmqtt-bridge"), "-c", (dir / "bridge.yaml").string()},
      dir / "bridge.log");
  if (!wait_until([&] { return tally.progress()["ups"].seen == 1; }, 30s)) {
    throw std::runtime_error("the bridge published no status within 30 s: " + bridge.log());
  }
  pause_for(2s);  // past the start-up work
  auto out = time_events(served, flip_plan{options.rounds, 600ms, 1400ms}, tally, rng);
  bridge.stop();
  return out;
}

}  // namespace nutmqtt::bench
