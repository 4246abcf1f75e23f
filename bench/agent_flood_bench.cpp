#include "bench/agent_flood_bench.hpp"

#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "bench/daemon_configs.hpp"
#include "bench/flood_figures.hpp"
#include "bench/interrupt.hpp"
#include "bench/proc_stats.hpp"
#include "common/topics.hpp"
#include "shutdown-agent/agent_config.hpp"
#include "support/bridge_messages.hpp"
#include "support/child_process.hpp"
#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/mqtt_probe.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::bench {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using common::event_type;

constexpr const char* kUps = "nas";
constexpr const char* kCommand = "onbatt";

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The broker, the agent and the harness's own MQTT client (which plays the bridge), stopped by
// pid in reverse order.
struct flood_setup {
  common::topic_scheme topics{kBaseTopic};
  test::temp_dir dir;
  fs::path calls = dir / "script-calls.log";
  fs::path shutdown_marker = dir / "shutdown-requested";
  fs::path log = dir / "agent.log";
  fs::path config;
  test::mosquitto_broker broker;
  std::unique_ptr<test::mqtt_probe> client;
  std::unique_ptr<test::child_process> agent;
  std::uint64_t seq = 0;  // of the events, one bridge run's

  void start();
  pid_t pid() const { return agent->pid(); }
  std::vector<script_call> script_calls() const {
    return parse_script_calls(test::read_file(calls));
  }
};

void flood_setup::start() {
  // $EPOCHREALTIME: bash's CLOCK_REALTIME, read without starting another process.
  auto cmdscript = dir.write("agent-cmd",
                             "#!/bin/bash\nprintf '%s %s %s\\n' \"$EPOCHREALTIME\" \"$1\" "
                             "\"$UPSNAME\" >> " +
                                 calls.string() + "\n",
                             fs::perms::owner_all);
  auto shutdown = dir.write("shutdown-marker",
                            "#!/bin/sh\necho \"$(date) $*\" >> " + shutdown_marker.string() + "\n",
                            fs::perms::owner_all);
  agent_plan plan{broker.url(),
                  cmdscript.string(),
                  {shutdown.string(), "agent"},
                  (dir / "agent.sock").string()};
  plan.execute = {{"ONBATT", kCommand}};
  config = dir.write("agent.yaml", agent_config_text(plan));
  client = std::make_unique<test::mqtt_probe>(
      broker.port(), std::vector<std::string>{topics.agent_state(kAgentId)});
  agent = std::make_unique<test::child_process>(
      std::vector<std::string>{test::program_path("nutmqtt-shutdown-agent"), "-c", config.string()},
      log);
  const bool up = wait_until(
      [&] {
        auto state = client->latest(topics.agent_state(kAgentId));
        return state && state->find("\"online\":true") != std::string::npos;
      },
      20s);
  if (!up) throw std::runtime_error("the agent did not come up within 20 s: " + agent->log());
}

// ONBATT of the real UPS, timed from just before its publish to its CMDSCRIPT; then ONLINE, so
// that the next ONBATT is news again (the same client: the agent reads them in order).
std::optional<double> time_event(flood_setup& s, std::chrono::milliseconds patience) {
  const double published = wall_seconds();
  s.client->publish(s.topics.event(kUps),
                    test::bridge_event(event_type::onbatt, kUps, "OB DISCHRG", ++s.seq));
  std::optional<double> delay;
  wait_until(
      [&] {
        delay = first_call_delay(s.script_calls(), kCommand, kUps, published);
        return delay.has_value();
      },
      patience, 10ms);
  s.client->publish(s.topics.event(kUps),
                    test::bridge_event(event_type::online, kUps, "OL", ++s.seq));
  return delay;
}

// `count` distinct made-up UPS ids, in turn a state, an "offline" availability and an event,
// each as the bridge would publish it; none of them critical, so that the agent, whose
// `monitor: "*"` counts every UPS as a supply, has no reason to shut down.
std::vector<std::pair<std::string, std::string>> flood_messages(flood_setup& s, int round,
                                                                int count) {
  static const std::pair<const char*, event_type> kEvents[] = {{"OL", event_type::online},
                                                               {"OB DISCHRG", event_type::onbatt},
                                                               {"OL RB", event_type::replbatt}};
  static const char* const kStates[] = {"OL", "OB DISCHRG", "OL CHRG"};
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const std::string id = fmt::format("flood{}-{}", round, i);
    const auto variant = static_cast<std::size_t>((i / 3) % 3);
    switch (i % 3) {
      case 0:
        out.emplace_back(s.topics.state(id), test::made_up_state(id, i, kStates[variant]));
        break;
      case 1:
        out.emplace_back(s.topics.availability(id), "offline");
        break;
      default:
        out.emplace_back(s.topics.event(id), test::bridge_event(kEvents[variant].second, id,
                                                                kEvents[variant].first, ++s.seq));
    }
  }
  return out;
}

agent_flood_round run_round(flood_setup& s, int round, const agent_flood_options& o) {
  agent_flood_round r;
  r.ids = static_cast<std::size_t>(o.ids_per_round);
  const std::size_t log_before = test::read_file(s.log).size();
  const auto cpu_before = process_cpu_seconds(s.pid());
  const auto flood = flood_messages(s, round, o.ids_per_round);
  check_interrupt();
  const double started = wall_seconds();
  const auto start = std::chrono::steady_clock::now();
  s.client->publish_all(flood, o.in_flight);
  r.publish_seconds = seconds_since(start);
  r.event = time_event(s, o.patience);
  const auto cpu_after = process_cpu_seconds(s.pid());
  if (cpu_before && cpu_after) r.cpu_seconds = *cpu_after - *cpu_before;
  if (auto sample = sample_process(s.pid())) r.memory = sample->memory;
  const auto added = growth_after(test::read_file(s.log), log_before);
  r.log_lines = added.lines;
  r.log_bytes = added.bytes;
  r.made_up_scripts = calls_for_others(s.script_calls(), kUps, started, wall_seconds());
  return r;
}

// SIGTERM, and how long the agent takes to exit; killed after 10 s.
void stop_agent(flood_setup& s, agent_flood_result& r) {
  const auto start = std::chrono::steady_clock::now();
  s.agent->signal(SIGTERM);
  if (auto status = s.agent->wait_exit(10s)) {
    r.stop_seconds = seconds_since(start);
    r.exit_status = *status;
  } else {
    r.exit_status = s.agent->stop(1s);
    r.notes.push_back("the agent had not exited 10 s after SIGTERM: killed");
  }
}

}  // namespace

agent_flood_result run_agent_flood_bench(const agent_flood_options& options) {
  agent_flood_result r;
  r.deadline = options.deadline;
  r.in_flight = options.in_flight;
  flood_setup s;
  std::cerr << "agent-flood: starting mosquitto and the agent\n";
  s.start();
  r.max_ups = agent::load_agent_config(s.config.string()).max_ups;
  pause_for(1s);  // past its start-up work
  for (int i = 0; i < options.baseline_events; ++i) {
    r.baseline.push_back(time_event(s, options.patience));
    pause_for(200ms);
  }
  if (auto sample = sample_process(s.pid())) r.memory_before = sample->memory;
  const std::size_t log_before = test::read_file(s.log).size();
  for (int round = 1; round <= options.rounds; ++round) {
    std::cerr << fmt::format("agent-flood: round {}/{}, {} made-up UPS ids\n", round,
                             options.rounds, options.ids_per_round);
    r.rounds.push_back(run_round(s, round, options));
  }
  const std::string log = test::read_file(s.log);
  r.problems = problem_kinds(std::string_view(log).substr(std::min(log_before, log.size())));
  stop_agent(s, r);
  if (fs::exists(s.shutdown_marker)) {
    r.notes.push_back("a shutdown was requested during the run (it only wrote a marker): " +
                      test::read_file(s.shutdown_marker));
  }
  return r;
}

}  // namespace nutmqtt::bench
