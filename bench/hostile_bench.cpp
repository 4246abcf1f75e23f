#include "bench/hostile_bench.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/daemon_configs.hpp"
#include "bench/interrupt.hpp"
#include "bench/proc_stats.hpp"
#include "fake_upsd/fake_upsd.hpp"
#include "fake_upsd/realistic_ups.hpp"
#include "support/child_process.hpp"
#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/mqtt_probe.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace nutmqtt::bench {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;
namespace fake = fake_upsd;
using json = nlohmann::json;

constexpr const char* kHealthy = "healthy";

struct scenario {
  std::string name;
  fake::misbehaviour mode;
  std::size_t huge_list_lines = 0;
  bool watch_every_ups = false;  // the hostile server's UPSes as LIST UPS gives them
  // The bridge's request timeout: long enough for the whole huge list to arrive in time (the
  // fake needs seconds to send 10 million lines), which is the worst case for the bridge.
  std::chrono::seconds timeout{2};
};

std::vector<scenario> scenarios() {
  return {
      {"`LIST VAR` answered with 10,000,000 lines (timeout 30 s)", fake::misbehaviour::huge_list,
       10'000'000, false, std::chrono::seconds(30)},
      {"300,000 variables, answered within the timeout", fake::misbehaviour::huge_list, 300'000},
      {"5,000 new UPS names on every connection, each dropped after 3 s",
       fake::misbehaviour::new_names, 0, true},
      {"every `LIST VAR` answered with garbage", fake::misbehaviour::bad_list_var},
  };
}

std::string config_text(int mqtt_port, int healthy_port, int hostile_port, const scenario& s,
                        std::chrono::milliseconds status_interval) {
  return fmt::format(R"(bridge: {{ id: {} }}
mqtt: {{ url: "tcp://127.0.0.1:{}" }}
poll: {{ status_interval: {}ms, timeout: {}s }}
nut:
  - host: 127.0.0.1
    port: {}
    ups: [ {{ name: {} }} ]
  - host: 127.0.0.1
    port: {}
{}log: {{ level: info }}
)",
                     kBridgeId, mqtt_port, status_interval.count(), s.timeout.count(), healthy_port,
                     kHealthy, hostile_port,
                     s.watch_every_ups ? "" : "    ups: [ { name: rack } ]\n");
}

std::size_t lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  return static_cast<std::size_t>(
      std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n'));
}

std::size_t commbad_events(const test::mqtt_probe& probe) {
  std::size_t n = 0;
  for (const auto& m : probe.messages()) {
    if (!m.topic.ends_with("/event") || m.payload.empty()) continue;
    auto e = json::parse(m.payload, nullptr, false);
    if (!e.is_discarded() && e.value("event_type", "") == "COMMBAD" &&
        e.value("ups", "") != kHealthy) {
      ++n;
    }
  }
  return n;
}

std::size_t ups_in_info(const test::mqtt_probe& probe, int port) {
  auto payload = probe.latest(fmt::format("ups/_bridge/{}/info", kBridgeId));
  if (!payload || payload->empty()) return 0;
  auto info = json::parse(*payload, nullptr, false);
  if (info.is_discarded()) return 0;
  for (const auto& s : info["servers"]) {
    if (s.value("server", "") == fmt::format("127.0.0.1:{}", port)) return s["ups"].size();
  }
  return 0;
}

// Flips the healthy UPS between OL and OB every 1.5 to 2.5 s for the window; the delay from
// each flip to its status on MQTT (the fake serves a change the moment it is set).
std::vector<std::optional<double>> flip_healthy(fake::server_handle healthy,
                                                test::mqtt_probe& probe,
                                                std::chrono::milliseconds window,
                                                std::mt19937_64& rng) {
  std::vector<std::optional<double>> out;
  std::uniform_int_distribution<int> gap_ms(1500, 2500);
  const auto end = clock::now() + window;
  const std::string topic = fmt::format("ups/{}/status", kHealthy);
  for (int i = 0; clock::now() < end; ++i) {
    const std::string status = i % 2 == 0 ? "OB DISCHRG" : "OL";
    // Only what arrives after the flip counts: a flip the bridge never published must not be
    // matched by the status it published before.
    probe.clear();
    const auto flipped = clock::now();
    healthy.set_var(kHealthy, "ups.status", status);
    if (probe.wait_for_latest(topic, status, 10s)) {
      out.push_back(std::chrono::duration<double>(clock::now() - flipped).count());
    } else {
      out.push_back(std::nullopt);
    }
    pause_for(std::chrono::milliseconds(gap_ms(rng)));
  }
  return out;
}

hostile_row run_scenario(const scenario& s, const hostile_options& o, std::mt19937_64& rng) {
  hostile_row row;
  row.scenario = s.name;
  test::temp_dir dir;
  fake::server_options h;
  h.ups.push_back(fake::realistic_ups(kHealthy, rng()));
  fake::fake_upsd healthy(std::move(h));
  fake::server_options b;
  b.ups.push_back(fake::realistic_ups("rack", rng()));
  b.mode = s.mode;
  b.huge_list_lines = s.huge_list_lines;
  fake::fake_upsd hostile(std::move(b));
  test::mosquitto_broker broker;
  test::mqtt_probe probe(broker.port(), {"ups/+/event", "ups/_bridge/#"});
  test::mqtt_probe status_probe(broker.port(), {fmt::format("ups/{}/status", kHealthy)});
  const auto config = dir.write("bridge.yaml", config_text(broker.port(), healthy.port(),
                                                           hostile.port(), s, o.status_interval));
  const auto program =
      o.bridge_program.empty() ? test::program_path("nutmqtt-bridge") : o.bridge_program;
  const auto log = dir / "bridge.log";
  test::child_process bridge({program, "-c", config.string()}, log);
  const auto started = clock::now();
  if (!status_probe.wait_for_latest(fmt::format("ups/{}/status", kHealthy), "OL", 60s)) {
    std::cerr << fmt::format("hostile: {}: the healthy UPS never reached MQTT\n", s.name);
  }
  row.healthy_latencies = flip_healthy(healthy.server(), status_probe, o.window, rng);
  row.window_seconds = std::chrono::duration<double>(clock::now() - started).count();
  if (auto sample = sample_process(bridge.pid())) {
    row.rss_mb = static_cast<double>(sample->memory.rss_kb) / 1024.0;
    row.hwm_mb = static_cast<double>(sample->memory.hwm_kb) / 1024.0;
  }
  row.connects = hostile.server().connections_accepted();
  row.commbad = commbad_events(probe);
  row.ups_watched = ups_in_info(probe, hostile.port());
  bridge.stop();
  row.log_lines = lines_of(log);
  return row;
}

}  // namespace

hostile_result run_hostile_bench(const hostile_options& options) {
  hostile_result r;
  r.status_interval = options.status_interval;
  r.bridge_program = options.bridge_program;
  std::mt19937_64 rng(options.seed);
  for (const auto& s : scenarios()) {
    std::cerr << fmt::format("hostile: {}\n", s.name);
    r.rows.push_back(run_scenario(s, options, rng));
  }
  return r;
}

}  // namespace nutmqtt::bench
