// nutmqtt-bench: runs the benchmarks against real local servers and prints a Markdown report.
// bench/run builds it (Release) and runs it; see bench/README.md.

#include <iostream>
#include <set>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bench/agent_flood_bench.hpp"
#include "bench/direct_latency_bench.hpp"
#include "bench/hostile_bench.hpp"
#include "bench/interrupt.hpp"
#include "bench/latency_bench.hpp"
#include "bench/machine.hpp"
#include "bench/poll_cost_bench.hpp"
#include "bench/report.hpp"
#include "bench/scale_bench.hpp"

namespace {

using namespace nutmqtt::bench;
using namespace std::chrono_literals;

struct cli_settings {
  bool quick = false;
  std::vector<std::string> only;
  std::string revision;
  std::uint64_t seed = 20261124;
  std::vector<int> sizes;
  std::string hostile_bridge;
};

template <typename F>
void attempt(const std::string& name, run_results& results, F&& f) {
  try {
    f();
  } catch (const interrupted&) {
    throw;
  } catch (const std::exception& e) {
    std::cerr << name << " failed: " << e.what() << "\n";
    results.failures.push_back(name + ": " + e.what());
  }
}

latency_options latency_settings(const cli_settings& s) {
  latency_options o;
  o.seed = s.seed;
  if (s.quick) {
    o.flips = 4;
    o.footprint_window = 10s;
  }
  return o;
}

scale_options scale_settings(const cli_settings& s) {
  scale_options o;
  o.seed = s.seed;
  if (s.quick) {
    o.sizes = {10, 1000};
    o.window = 5s;
    o.settle = 2s;
    o.flips_per_size = 2;
  }
  if (!s.sizes.empty()) o.sizes = s.sizes;
  return o;
}

poll_cost_options poll_cost_settings(const cli_settings& s) {
  poll_cost_options o;
  if (s.quick) {
    o.window = 3s;
    o.settle = 3s;
    o.shell_polls = 10;
  }
  return o;
}

hostile_options hostile_settings(const cli_settings& s) {
  hostile_options o;
  o.seed = s.seed;
  o.bridge_program = s.hostile_bridge;
  if (s.quick) o.window = 15s;
  return o;
}

agent_flood_options agent_flood_settings(const cli_settings& s) {
  agent_flood_options o;
  if (s.quick) {
    o.baseline_events = 3;
    o.rounds = 1;
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "nutmqtt-bench: event latency, footprint, scale, cost per poll, hostile servers and the "
      "agent under an MQTT flood, side by side with upsmon + upssched; prints Markdown",
      "nutmqtt-bench"};
  cli_settings s;
  cli.add_flag("--quick", s.quick, "fewer flips and shorter windows (about 2 minutes)");
  cli.add_option("--only", s.only,
                 "run only these: latency (includes the footprint), scale, "
                 "poll-cost, hostile, agent-flood")
      ->check(CLI::IsMember({"latency", "scale", "poll-cost", "hostile", "agent-flood"}));
  cli.add_option("--hostile-bridge", s.hostile_bridge,
                 "the nutmqtt-bridge binary the hostile scenarios run (default: this build's), "
                 "to measure an earlier build");
  cli.add_option("--revision", s.revision, "source revision to print (git describe)");
  cli.add_option("--sizes", s.sizes, "UPS counts of the scale benchmark (default 10 100 1000)")
      ->check(CLI::Range(10, 10000));
  cli.add_option("--seed", s.seed, "seed of the random flip intervals")->capture_default_str();
  CLI11_PARSE(cli, argc, argv);

  spdlog::set_level(spdlog::level::warn);
  install_interrupt_handlers();
  const std::set<std::string> only(s.only.begin(), s.only.end());
  auto wanted = [&](const std::string& name) { return only.empty() || only.count(name) > 0; };
  run_results results;
  results.machine = collect_machine_info(s.quick, s.revision);
  try {
    if (wanted("latency")) {
      attempt("event latency and footprint", results,
              [&] { results.latency = run_latency_bench(latency_settings(s)); });
      if (results.latency) {
        attempt("event latency of the bridge alone", results, [&] {
          direct_latency_options o{s.quick ? 3 : 15, s.seed};
          results.latency->direct_mqtt = run_direct_latency_bench(o);
        });
      }
    }
    if (wanted("scale")) {
      attempt("scale", results, [&] { results.scale = run_scale_bench(scale_settings(s)); });
    }
    if (wanted("poll-cost")) {
      attempt("cost per poll", results,
              [&] { results.poll_cost = run_poll_cost_bench(poll_cost_settings(s)); });
    }
    if (wanted("hostile")) {
      attempt("beside a hostile upsd", results,
              [&] { results.hostile = run_hostile_bench(hostile_settings(s)); });
    }
    if (wanted("agent-flood")) {
      attempt("the agent under an MQTT flood", results,
              [&] { results.agent_flood = run_agent_flood_bench(agent_flood_settings(s)); });
    }
  } catch (const interrupted&) {
    std::cerr << "\ninterrupted: every process this run started has been stopped\n";
    return 130;
  }
  std::cout << render_report(results) << std::flush;
  return results.failures.empty() ? 0 : 1;
}
