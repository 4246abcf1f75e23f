#include "bench/latency_bench.hpp"

#include <future>
#include <iostream>
#include <random>

#include <fmt/format.h>

#include "bench/daemon_configs.hpp"
#include "bench/interrupt.hpp"
#include "bench/sampler.hpp"
#include "bench/sightings.hpp"
#include "bench/upsmon_watcher.hpp"
#include "common/topics.hpp"
#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/mqtt_probe.hpp"
#include "support/net.hpp"
#include "support/nut_server.hpp"

namespace nutmqtt::bench {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kUps = "dummy";
constexpr const char* kDevFixture = "ups-dumps/APC__Back-UPS_ES_850G2__usbhid-ups__2.8.0__01.dev";
constexpr auto kOwnerExec = fs::perms::owner_all;

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// What both CMDSCRIPTs do: note the time (bash's $EPOCHREALTIME, no extra process) and the
// argument, so that (a) and (b) pay the same for their script.
fs::path write_cmdscript(const test::temp_dir& dir, const std::string& name, const fs::path& out) {
  return dir.write(
      name, "#!/bin/bash\nprintf '%s %s\\n' \"$EPOCHREALTIME\" \"$1\" >> " + out.string() + "\n",
      kOwnerExec);
}

test::nut_server::options nut_options() {
  test::nut_server::options o;
  o.ups.push_back({kUps, test::fixture(kDevFixture), "Benchmark UPS"});
  return o;
}

// Everything the benchmark runs, started in order and stopped (by pid) in reverse.
struct setup {
  test::temp_dir dir;
  fs::path upsmon_log = dir / "upsmon-sightings.log";
  fs::path agent_log = dir / "agent-sightings.log";
  fs::path mqtt_log = dir / "mqtt-sightings.log";
  fs::path shutdown_marker = dir / "shutdown-requested";
  test::nut_server nut{nut_options()};
  std::unique_ptr<test::mosquitto_broker> broker;
  std::unique_ptr<test::child_process> subscriber;
  std::unique_ptr<test::child_process> bridge;
  std::unique_ptr<test::child_process> agent;
  std::unique_ptr<upsmon_watcher> upsmon;

  void start();
  void wait_ready();
};

void setup::start() {
  auto marker =
      dir.write("shutdown-marker",
                "#!/bin/sh\necho \"$(date) $*\" >> " + shutdown_marker.string() + "\n", kOwnerExec);
  auto upssched_cmd = write_cmdscript(dir, "upssched-cmd", upsmon_log);
  auto agent_cmd = write_cmdscript(dir, "agent-cmd", agent_log);

  nut.start();
  broker = std::make_unique<test::mosquitto_broker>();
  subscriber = std::make_unique<test::child_process>(
      std::vector<std::string>{"mosquitto_sub", "-h", "127.0.0.1", "-p",
                               std::to_string(broker->port()), "-q", "1", "-t",
                               std::string(kBaseTopic) + "/+/event", "-F", "%U %p"},
      mqtt_log);

  dir.write("bridge.yaml", bridge_config_text({broker->url(), {nut.port()}, {}, {}, false}));
  bridge = std::make_unique<test::child_process>(
      std::vector<std::string>{test::program_path("nutmqtt-bridge"), "-c",
                               (dir / "bridge.yaml").string()},
      dir / "bridge.log");
  dir.write("agent.yaml", agent_config_text({broker->url(),
                                             agent_cmd.string(),
                                             {marker.string(), "agent"},
                                             (dir / "agent.sock").string()}));
  agent = std::make_unique<test::child_process>(
      std::vector<std::string>{test::program_path("nutmqtt-shutdown-agent"), "-c",
                               (dir / "agent.yaml").string()},
      dir / "agent.log");

  upsmon = std::make_unique<upsmon_watcher>(
      dir, std::string(kUps) + "@" + nut.address(), test::nut_server::kMonitorUser,
      test::nut_server::kMonitorPassword, upssched_cmd, marker);
  upsmon->start();
}

void setup::wait_ready() {
  const common::topic_scheme topics(kBaseTopic);
  test::mqtt_probe probe(broker->port(), {topics.status(kUps), topics.agent_state(kAgentId)});
  const bool ready = wait_until(
      [&] {
        auto agent_state = probe.latest(topics.agent_state(kAgentId));
        return probe.latest(topics.status(kUps)) == "OL" && agent_state &&
               agent_state->find("\"online\":true") != std::string::npos;
      },
      30s);
  if (!ready) {
    throw std::runtime_error("the bridge and the agent did not come up within 30 s; bridge log: " +
                             bridge->log() + "\nagent log: " + agent->log());
  }
}

std::vector<named_usage> measure_footprint(setup& s, std::chrono::milliseconds window) {
  std::vector<std::pair<std::string, pid_t>> watched = {
      {"nutmqtt-bridge", s.bridge->pid()},
      {"nutmqtt-shutdown-agent", s.agent->pid()},
      {"upsmon (privileged parent)", s.upsmon->parent_pid()},
      {"upsmon (monitoring child)", s.upsmon->monitor_pid().value_or(-1)}};
  return sample_processes(watched, window, 1s);
}

// Polls upsd on a connection of its own, from before the change is requested until upsd serves
// `wanted`, and returns when it last answered the old status: the change came after that.
// dummy-ups applies a SET only between the one-second pauses of its loop, so this can be up to
// a second after upsrw returned; no watcher can see the change before.
class visibility_probe {
 public:
  visibility_probe(int port, std::string wanted) {
    auto ready = ready_.get_future();
    result_ = std::async(std::launch::async, [this, port, wanted] { return run(port, wanted); });
    if (ready.wait_for(5s) != std::future_status::ready || !ready.get()) {
      throw std::runtime_error("cannot read ups.status from upsd");
    }
  }
  std::optional<double> visible_after() { return result_.get(); }

 private:
  std::optional<double> run(int port, const std::string& wanted) {
    test::line_client c(port, 2s);
    const std::string request = std::string("GET VAR ") + kUps + " ups.status";
    const std::string changed = std::string("VAR ") + kUps + " ups.status \"" + wanted + "\"";
    auto reply = c.request(request);
    double last_old = wall_seconds();
    ready_.set_value(reply.has_value() && *reply != changed);
    if (!reply || *reply == changed) return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      reply = c.request(request);
      if (!reply) return std::nullopt;
      if (*reply == changed) return last_old;
      last_old = wall_seconds();
      std::this_thread::sleep_for(2ms);
    }
    return std::nullopt;
  }

  std::promise<bool> ready_;
  std::future<std::optional<double>> result_;
};

flip flip_status(setup& s, std::size_t index, std::vector<double>& upsrw_seconds) {
  const bool on_battery = index % 2 == 0;  // starts on line power: the first flip is to OB
  const std::string status = on_battery ? "OB" : "OL";
  visibility_probe probe(s.nut.port(), status);
  flip f{wall_seconds(), 0, on_battery ? "ONBATT" : "ONLINE"};
  s.nut.set_var(kUps, "ups.status", status);
  upsrw_seconds.push_back(wall_seconds() - f.requested);
  auto visible = probe.visible_after();
  if (!visible)
    throw std::runtime_error("upsd did not serve ups.status " + status + " within 10 s");
  f.visible = std::max(*visible, f.requested);
  return f;
}

watcher_delays delays_of(const std::vector<flip>& flips, const std::vector<sighting>& sightings) {
  auto seen = match_sightings(flips, sightings);
  return {delays(flips, seen, &flip::requested), delays(flips, seen, &flip::visible)};
}

}  // namespace

latency_result run_latency_bench(const latency_options& options) {
  latency_result r;
  setup s;
  std::cerr << "latency: starting upsd + dummy-ups, mosquitto, the bridge, the agent, upsmon\n";
  s.start();
  s.wait_ready();
  pause_for(3s);  // past the start-up work of all of them

  std::cerr << fmt::format("footprint: sampling for {} s\n",
                           options.footprint_window.count() / 1000);
  r.footprint = measure_footprint(s, options.footprint_window);

  std::mt19937_64 rng(options.seed);
  std::uniform_int_distribution<long> gap(options.min_gap.count(), options.max_gap.count());
  std::vector<flip> flips;
  std::vector<double> upsrw_seconds;
  for (std::size_t i = 0; i < options.flips; ++i) {
    pause_for(std::chrono::milliseconds(gap(rng)));
    flips.push_back(flip_status(s, i, upsrw_seconds));
    std::cerr << fmt::format("\rlatency: flip {}/{} ", i + 1, options.flips) << std::flush;
  }
  std::cerr << "\n";
  pause_for(options.max_gap + 2s);  // upsmon's next poll, and upssched, for the last flip

  s.upsmon->stop();
  s.agent->stop();
  s.bridge->stop();
  s.subscriber->stop();
  r.flips = flips.size();
  r.upsmon = delays_of(flips, parse_script_log(test::read_file(s.upsmon_log)));
  r.agent = delays_of(flips, parse_script_log(test::read_file(s.agent_log)));
  r.mqtt = delays_of(flips, parse_event_log(test::read_file(s.mqtt_log)));
  r.upsrw_seconds = summarize(upsrw_seconds);
  std::vector<double> visible;
  for (const auto& f : flips)
    visible.push_back(f.visible - f.requested);
  r.visible_seconds = summarize(visible);
  if (fs::exists(s.shutdown_marker)) {
    r.notes.push_back("a shutdown was requested during the run (it only wrote a marker): " +
                      test::read_file(s.shutdown_marker));
  }
  return r;
}

}  // namespace nutmqtt::bench
