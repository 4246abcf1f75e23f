#include "bench/poll_cost_bench.hpp"

#include <iostream>

#include <fmt/format.h>

#include "bench/child_cpu.hpp"
#include "bench/daemon_configs.hpp"
#include "bench/interrupt.hpp"
#include "bench/proc_stats.hpp"
#include "fake_upsd/fake_upsd.hpp"
#include "fake_upsd/random_source.hpp"
#include "fake_upsd/realistic_ups.hpp"
#include "support/child_process.hpp"
#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::bench {
namespace {

using namespace std::chrono_literals;

struct phase {
  const char* name;
  const char* status_interval;
  const char* vars_interval;
};

// The longest intervals the bridge accepts: within a window shorter than 30 s they poll
// nothing after the first round at connect.
constexpr phase kIdle{"idle", "30s", "1h"};
constexpr phase kStatus{"status", "100ms", "1h"};  // the shortest status interval
constexpr phase kVars{"variables", "30s", "1s"};   // the shortest variables interval

struct phase_measure {
  double cpu_seconds = 0;
  std::uint64_t status_polls = 0;
  std::uint64_t var_polls = 0;
};

fake_upsd::fake_upsd_options fake_options(const poll_cost_options& o) {
  fake_upsd::fake_upsd_options f;
  f.seed = o.seed;
  for (int s = 0; s < o.servers; ++s) {
    fake_upsd::server_options server;
    for (int u = 0; u < o.ups_per_server; ++u) {
      auto name = fmt::format("ups{:02}{:02}", s, u);
      server.ups.push_back(fake_upsd::realistic_ups(name, fake_upsd::derive_seed(o.seed, name)));
    }
    f.servers.push_back(std::move(server));
  }
  return f;  // no drift: a variable poll finds nothing new, so it measures the poll itself
}

std::uint64_t count(fake_upsd::fake_upsd& fake, std::string_view kind) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < fake.server_count(); ++i)
    n += fake.server(i).requests(kind);
  return n;
}

phase_measure measure_phase(const phase& p, fake_upsd::fake_upsd& fake,
                            const test::mosquitto_broker& broker, const std::vector<int>& ports,
                            const poll_cost_options& o) {
  test::temp_dir dir;
  dir.write("bridge.yaml",
            bridge_config_text({broker.url(), ports, p.status_interval, p.vars_interval, false}));
  test::child_process bridge(
      {test::program_path("nutmqtt-bridge"), "-c", (dir / "bridge.yaml").string()},
      dir / "bridge.log");
  std::cerr << fmt::format(
      "cost per poll: {} ({} s)\n", p.name,
      std::chrono::duration_cast<std::chrono::seconds>(o.settle + o.window).count());
  pause_for(o.settle);
  for (std::size_t i = 0; i < fake.server_count(); ++i)
    fake.server(i).reset_stats();
  auto before = process_cpu_seconds(bridge.pid());
  pause_for(o.window);
  auto after = process_cpu_seconds(bridge.pid());
  phase_measure m;
  m.status_polls = count(fake, "GET VAR");
  m.var_polls = count(fake, "LIST VAR");
  if (!before || !after) throw std::runtime_error("the bridge exited: " + bridge.log());
  m.cpu_seconds = *after - *before;
  bridge.stop();
  return m;
}

double measure_shell_out(const test::mosquitto_broker& broker, int nut_port, const std::string& ups,
                         int polls) {
  test::temp_dir dir;
  auto script = dir.write(
      "shell-out.sh",
      fmt::format("#!/bin/bash\n"
                  "# What a shell bridge does per poll: one upsc, one mosquitto_pub.\n"
                  "for ((i = 0; i < {}; i++)); do\n"
                  "  upsc {}@127.0.0.1:{} > {}/vars 2>/dev/null || exit 1\n"
                  "  mosquitto_pub -h 127.0.0.1 -p {} -q 1 -r -t ups/{}/vars -f {}/vars || exit 1\n"
                  "done\n",
                  polls, ups, nut_port, dir.path().string(), broker.port(), ups,
                  dir.path().string()),
      std::filesystem::perms::owner_all);
  std::cerr << fmt::format("cost per poll: shell-out, {} polls\n", polls);
  auto r = run_measuring_cpu({"bash", script.string()}, (dir / "shell.log").string(), 120s);
  if (r.status != 0) {
    throw std::runtime_error("the shell-out loop failed: " + test::read_file(dir / "shell.log"));
  }
  return r.cpu_seconds;
}

}  // namespace

poll_cost_result run_poll_cost_bench(const poll_cost_options& options) {
  poll_cost_result r;
  auto plan = fake_options(options);
  std::size_t variables = 0;
  for (const auto& server : plan.servers) {
    for (const auto& ups : server.ups)
      variables += ups.variables().size();
  }
  fake_upsd::fake_upsd fake(std::move(plan));
  std::vector<int> ports;
  for (std::size_t i = 0; i < fake.server_count(); ++i)
    ports.push_back(fake.port(i));
  test::mosquitto_broker broker;
  r.ups = options.servers * options.ups_per_server;
  r.window_seconds = std::chrono::duration<double>(options.window).count();

  const auto idle = measure_phase(kIdle, fake, broker, ports, options);
  const auto status = measure_phase(kStatus, fake, broker, ports, options);
  const auto vars = measure_phase(kVars, fake, broker, ports, options);
  r.idle_cpu_seconds = idle.cpu_seconds;
  r.status_polls = status.status_polls;
  r.status_cpu_seconds = std::max(0.0, status.cpu_seconds - idle.cpu_seconds);
  const double per_status =
      r.status_polls > 0 ? r.status_cpu_seconds / static_cast<double>(r.status_polls) : 0;
  r.var_polls = vars.var_polls;
  r.vars_cpu_seconds = std::max(0.0, vars.cpu_seconds - idle.cpu_seconds -
                                         per_status * static_cast<double>(vars.status_polls));

  r.variables = variables / static_cast<std::size_t>(std::max(1, r.ups));
  r.shell_polls = options.shell_polls;
  r.shell_cpu_seconds = measure_shell_out(broker, ports.front(), "ups0000", options.shell_polls);
  return r;
}

}  // namespace nutmqtt::bench
