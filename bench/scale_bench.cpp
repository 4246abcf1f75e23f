#include "bench/scale_bench.hpp"

#include <iostream>
#include <random>

#include <fmt/format.h>

#include "bench/daemon_configs.hpp"
#include "bench/event_timing.hpp"
#include "bench/fake_upsd_program.hpp"
#include "bench/interrupt.hpp"
#include "bench/markdown.hpp"
#include "bench/sampler.hpp"
#include "bench/topic_tally.hpp"
#include "common/duration.hpp"
#include "common/topics.hpp"
#include "homeassistant/discovery/discovery_ids.hpp"
#include "support/child_process.hpp"
#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"

namespace nutmqtt::bench {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

constexpr const char* kDiscoveryPrefix = "homeassistant";

std::map<std::string, std::vector<std::string>> expected_topics(
    const std::vector<served_ups>& served) {
  const common::topic_scheme t(kBaseTopic);
  std::map<std::string, std::vector<std::string>> out;
  auto& ups = out["ups"];
  auto& discovery = out["discovery"];
  for (const auto& u : served) {
    ups.push_back(t.status(u.name));
    ups.push_back(t.state(u.name));
    ups.push_back(t.availability(u.name));
    for (const auto& v : u.variables)
      ups.push_back(t.var(u.name, v));
    discovery.push_back(
        fmt::format("{}/device/{}/config", kDiscoveryPrefix, ha::ups_node_id(kBridgeId, u.name)));
  }
  return out;
}

std::string milliseconds_text(std::chrono::milliseconds d) {
  return std::to_string(d.count()) + "ms";
}

// Waits until every expected topic arrived. A bridge built without discovery publishes none:
// then the wait ends 10 s after the rest and discovery is left out of the count.
void wait_complete(topic_tally& tally, clock::time_point started, const scale_options& o,
                   scale_point& p, std::vector<std::string>& notes) {
  constexpr auto kNoDiscoveryGrace = 10s;
  auto done = [&] {
    auto progress = tally.progress();
    const auto& ups = progress["ups"];
    const auto& discovery = progress["discovery"];
    if (ups.seen != ups.expected) return false;
    if (discovery.seen == discovery.expected) return true;
    return discovery.seen == 0 && ups.complete_at &&
           clock::now() - *ups.complete_at > kNoDiscoveryGrace;
  };
  wait_until(done, o.start_limit, 20ms);
  auto progress = tally.progress();
  const auto& ups = progress["ups"];
  auto discovery = progress["discovery"];
  if (discovery.seen == 0) {
    notes.push_back(fmt::format(
        "{} UPSes: the bridge published no Home Assistant discovery config (a build without "
        "discovery): not counted",
        p.ups));
    discovery = {};
  }
  if (ups.seen != ups.expected) {
    std::string some;
    for (const auto& t : tally.missing(5))
      some += (some.empty() ? "" : ", ") + t;
    notes.push_back(fmt::format("{} UPSes: {} of {} topics never arrived, e.g. {}", p.ups,
                                ups.expected - ups.seen, ups.expected, some));
  }
  p.topics_expected = ups.expected;
  p.topics_seen = ups.seen;
  p.discovery_expected = discovery.expected;
  p.discovery_seen = discovery.seen;
  std::optional<clock::time_point> last = ups.complete_at;
  if (last && discovery.expected > 0) {
    last = discovery.complete_at ? std::optional(std::max(*last, *discovery.complete_at))
                                 : std::nullopt;
  }
  if (last) p.complete_seconds = std::chrono::duration<double>(*last - started).count();
}

scale_point run_point(int ups, const scale_options& o, std::mt19937_64& rng,
                      std::vector<std::string>& notes) {
  scale_point p;
  p.ups = ups;
  p.servers = std::min(o.servers, ups);
  test::temp_dir dir;
  fake_upsd_program fake(dir, p.servers, ups, "1s", rng());
  auto served = list_served(fake.ports());
  test::mosquitto_broker::options broker_options;
  broker_options.extra_conf = "max_queued_messages 0\n";
  test::mosquitto_broker broker(broker_options);
  const common::topic_scheme t(kBaseTopic);
  topic_tally tally(broker.port(),
                    {std::string(kBaseTopic) + "/#", std::string(kDiscoveryPrefix) + "/#"},
                    expected_topics(served), std::string(kBaseTopic) + "/");

  dir.write("bridge.yaml",
            bridge_config_text({broker.url(), fake.ports(), milliseconds_text(o.status_interval),
                                milliseconds_text(o.vars_interval), true}));
  const auto started = clock::now();
  test::child_process bridge(
      {test::program_path("nutmqtt-bridge"), "-c", (dir / "bridge.yaml").string()},
      dir / "bridge.log");
  wait_complete(tally, started, o, p, notes);
  std::cerr << fmt::format("scale: {} UPSes: {}/{} topics, discovery {}/{} after {} s\n", ups,
                           p.topics_seen, p.topics_expected, p.discovery_seen, p.discovery_expected,
                           fixed(p.complete_seconds, 1));
  pause_for(o.settle);

  const auto messages_before = tally.messages();
  const auto window_start = clock::now();
  auto usage = sample_processes({{"nutmqtt-bridge", bridge.pid()}}, o.window, 1s);
  const auto messages_after = tally.messages();
  p.window_seconds = std::chrono::duration<double>(clock::now() - window_start).count();
  p.messages_per_second = static_cast<double>(messages_after - messages_before) / p.window_seconds;
  p.bridge = usage.front().measured;

  std::vector<served_ups> targets;
  const auto step =
      std::max<std::size_t>(1, served.size() / static_cast<std::size_t>(o.flips_per_size));
  for (std::size_t i = step / 2;
       i < served.size() && targets.size() < static_cast<std::size_t>(o.flips_per_size); i += step)
    targets.push_back(served[i]);
  p.event_latencies = time_events(targets, flip_plan{}, tally, rng);
  bridge.stop();
  return p;
}

}  // namespace

scale_result run_scale_bench(const scale_options& options) {
  scale_result r;
  r.status_interval = options.status_interval;
  r.vars_interval = options.vars_interval;
  std::mt19937_64 rng(options.seed);
  for (int ups : options.sizes) {
    std::cerr << fmt::format("scale: {} UPSes on {} servers\n", ups,
                             std::min(options.servers, ups));
    r.points.push_back(run_point(ups, options, rng, r.notes));
  }
  return r;
}

}  // namespace nutmqtt::bench
