#include "differential/runner.hpp"

#include <chrono>
#include <csignal>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <thread>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "support/child_process.hpp"

namespace nutmqtt::differential {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

struct running {
  std::uint64_t seed;
  std::unique_ptr<test::child_process> process;
  clock_type::time_point deadline;
};

std::string self_path() {
  return std::filesystem::read_symlink("/proc/self/exe").string();
}

std::filesystem::path dir_of(const run_options& o, std::uint64_t seed) {
  return std::filesystem::path(o.results) / fmt::format("seed-{}", seed);
}

void play_all(const run_options& o) {
  std::deque<std::uint64_t> waiting;
  for (int i = 0; i < o.scenarios; ++i)
    waiting.push_back(o.seed + static_cast<std::uint64_t>(i));
  std::vector<running> now_running;
  while (!waiting.empty() || !now_running.empty()) {
    while (!waiting.empty() && static_cast<int>(now_running.size()) < o.jobs) {
      const auto seed = waiting.front();
      waiting.pop_front();
      const auto dir = dir_of(o, seed);
      std::filesystem::remove_all(dir);
      std::filesystem::create_directories(dir);
      const auto sc = generate(seed);
      // Start-up, the steps (restarts included), the tail, and room for a loaded machine.
      const auto budget = std::chrono::seconds(planned_seconds(sc) + tail_seconds(sc.config) + 120);
      now_running.push_back(
          {seed,
           std::make_unique<test::child_process>(
               std::vector<std::string>{self_path(), "--play", std::to_string(seed), "--out",
                                        dir.string()},
               dir / "play.log"),
           clock_type::now() + budget});
    }
    std::this_thread::sleep_for(200ms);
    std::erase_if(now_running, [](running& r) {
      if (!r.process->running()) return true;
      if (clock_type::now() < r.deadline) return false;
      std::cerr << fmt::format("seed {}: stuck, stopped\n", r.seed);
      r.process->signal_group(SIGKILL);
      r.process->wait_exit(5s);
      return true;
    });
  }
}

std::string seconds_after(const std::optional<double>& t, double t0) {
  return t ? fmt::format("{:.1f}", *t - t0) : "-";
}

std::string cell(std::string text) {
  for (auto& ch : text)
    if (ch == '|') ch = '/';
  return text;
}

}  // namespace

comparison judge(const play_record& r) {
  compare_options o;
  o.upsmon_types = upsmon_notify_types(r.upsmon_version);
  o.upsmon_cal_latch = upsmon_has_cal_latch(r.upsmon_version);
  o.finaldelay_s = r.sc.config.finaldelay_s;
  return compare(r.upsmon, r.agent, r.p, o);
}

std::string table_header() {
  return "| seed | scenario | upsmon shutdown (s) | agent shutdown (s) | events compared | "
         "verdict | differences |\n|---|---|---|---|---|---|---|\n";
}

std::string table_row(const play_record& r, const comparison& c) {
  std::string steps;
  for (const auto& s : r.sc.steps)
    steps += (steps.empty() ? "" : "; ") + describe(s);
  steps = fmt::format("dt {} hs {} fd {}: {}", r.sc.config.deadtime_s, r.sc.config.hostsync_s,
                      r.sc.config.finaldelay_s, steps);
  std::string diffs;
  for (const auto& p : c.problems)
    diffs += (diffs.empty() ? "" : "; ") + p;
  std::map<std::string, int> tags;
  for (const auto& e : c.explained)
    ++tags[e.substr(0, e.find(':'))];
  for (const auto& [tag, n] : tags)
    diffs +=
        fmt::format("{}{}{}", diffs.empty() ? "" : "; ", tag, n > 1 ? fmt::format(" x{}", n) : "");
  if (!r.error.empty()) diffs = "not played: " + r.error.substr(0, 200);
  return fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", r.sc.seed, cell(steps),
                     seconds_after(r.upsmon.shutdown, r.t0), seconds_after(r.agent.shutdown, r.t0),
                     c.compared_events, r.error.empty() ? name_of(c.result) : "ERROR", cell(diffs));
}

int run_all(const run_options& o) {
  // upsmon 2.8.0 writes /run/nut/upsmon.pid: each gets a /run/nut of its own, which takes root.
  if (::geteuid() != 0 || !std::filesystem::exists("/lib/nut/upsmon") ||
      !std::filesystem::exists("/usr/sbin/upssched")) {
    std::cout << "differential: skipped: needs root and NUT's upsmon and upssched "
                 "(apt-get install nut-server nut-client)\n";
    return 0;
  }
  const auto started = clock_type::now();
  if (o.play) play_all(o);
  std::string table = table_header();
  std::map<std::string, int> counts;
  std::string version;
  for (int i = 0; i < o.scenarios; ++i) {
    const auto seed = o.seed + static_cast<std::uint64_t>(i);
    const auto file = dir_of(o, seed) / "result.json";
    play_record r;
    comparison c;
    if (std::filesystem::exists(file)) {
      r = load(file);
      c = judge(r);
    } else {
      r.sc = generate(seed);
      r.error = "no result (stuck or crashed; see play.log)";
    }
    version = r.upsmon_version;
    ++counts[r.error.empty() ? name_of(c.result) : "ERROR"];
    table += table_row(r, c);
  }
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::seconds>(clock_type::now() - started);
  std::string summary = fmt::format(
      "{} scenarios from seed {} against upsmon {}, {} at a time, {} s: {} agree, {} deliberate "
      "differences, {} DISAGREE, {} not played\n",
      o.scenarios, o.seed, version, o.jobs, elapsed.count(), counts["agree"], counts["deliberate"],
      counts["DISAGREE"], counts["ERROR"]);
  std::cout << table << "\n" << summary;
  if (!o.markdown.empty()) std::ofstream(o.markdown) << table << "\n" << summary;
  return counts["DISAGREE"] + counts["ERROR"] == 0 ? 0 : 1;
}

}  // namespace nutmqtt::differential
