#include "bench/report.hpp"

#include <algorithm>

#include <doctest/doctest.h>

using namespace nutmqtt::bench;
using namespace std::chrono_literals;

namespace {

std::vector<std::optional<double>> repeated(double value, std::size_t n) {
  return std::vector<std::optional<double>>(n, value);
}

usage measured(double rss_mb, double cpu_percent) {
  usage u;
  u.seconds = 60;
  u.cpu_percent = cpu_percent;
  u.rss_median_mb = rss_mb;
  u.rss_max_mb = rss_mb;
  u.hwm_mb = rss_mb + 1;
  u.pss_median_mb = rss_mb / 3;
  return u;
}

run_results sample_results() {
  run_results r;
  r.machine.cores = 2;
  r.machine.nut = "2.8.0";
  latency_result l;
  l.flips = 4;
  l.upsmon = {repeated(3.0, 4), repeated(2.5, 4)};
  l.agent = {repeated(0.6, 4), repeated(0.25, 4)};
  l.mqtt = {repeated(0.55, 4), {0.2, 0.2, 0.25, std::nullopt}};
  l.footprint = {{"nutmqtt-bridge", measured(11.0, 0.2)},
                 {"nutmqtt-shutdown-agent", measured(9.0, 0.0)},
                 {"upsmon (monitoring child)", std::nullopt}};
  r.latency = l;
  scale_result s;
  s.status_interval = 1s;
  scale_point small;
  small.ups = 10;
  small.event_latencies = {0.5, 1.0};
  scale_point big;
  big.ups = 1000;
  big.topics_expected = big.topics_seen = 72000;
  big.complete_seconds = 12.5;
  big.bridge = measured(40, 8);
  big.event_latencies = {0.7, 1.9};
  s.points = {small, big};
  r.scale = s;
  return r;
}

const target_check& find(const std::vector<target_check>& all, const std::string& start) {
  auto it = std::find_if(all.begin(), all.end(),
                         [&](const target_check& c) { return c.target.rfind(start, 0) == 0; });
  REQUIRE(it != all.end());
  return *it;
}

}  // namespace

TEST_CASE("targets are judged on the latency from upsd serving the change") {
  auto checks = check_targets(sample_results());
  CHECK(find(checks, "event latency (c) mosquitto_sub: median").met);  // 0.2, not 0.55
  CHECK(find(checks, "event latency (c) mosquitto_sub: median").measured == "0.200 s");
  CHECK(find(checks, "event latency (b)").met);                              // 0.25
  CHECK(find(checks, "event latency (a) upsmon / (b)").measured == "10.0");  // 2.5 / 0.25
  CHECK(find(checks, "event latency (a) upsmon / (b)").met);
}

TEST_CASE("footprint and scale targets: met, missed, and not measured") {
  auto checks = check_targets(sample_results());
  CHECK(find(checks, "bridge, one UPS: resident").met);  // 11 MiB
  CHECK_FALSE(find(checks, "agent: resident").met);      // 9 MiB > 8
  CHECK(find(checks, "agent, idle").met);
  CHECK_FALSE(find(checks, "1,000 UPSes: everything").met);  // 12.5 s
  CHECK(find(checks, "1,000 UPSes: steady state below 25%").met);
  CHECK(find(checks, "1,000 UPSes: steady state below 64").met);
  // Worst 1.9 s against 1.0 s (10 UPSes) + 1 s.
  CHECK(find(checks, "1,000 UPSes: no event later").met);

  auto r = sample_results();
  r.scale->points.back().event_latencies.push_back(std::nullopt);  // a lost event
  CHECK_FALSE(find(check_targets(r), "1,000 UPSes: no event later").met);
  r.scale->points.erase(r.scale->points.begin());  // nothing to compare with: not judged
  for (const auto& c : check_targets(r))
    CHECK(c.target.rfind("1,000 UPSes: no event later", 0) == std::string::npos);
}

TEST_CASE("the report has the machine, every section, the targets and what failed") {
  auto r = sample_results();
  r.failures.push_back("cost per poll: no fake upsd");
  auto text = render_report(r);
  for (const char* part :
       {"# nutmqtt benchmarks", "| NUT | 2.8.0 |", "## 1. Event latency", "Ratio (a)/(b)",
        "## 2. Footprint", "| upsmon (monitoring child) | gone |", "## 3. Scale",
        "| 1000 on 0 servers | 12.5 |", "## Targets", "**missed**", "## Not measured",
        "- cost per poll: no fake upsd"}) {
    CHECK_MESSAGE(text.find(part) != std::string::npos, part);
  }
  CHECK(text.find("## 4. Cost per poll") == std::string::npos);
}

TEST_CASE("the bridge-alone latency (d) is judged on its own, and a missed event fails it") {
  auto r = sample_results();
  r.latency->direct_mqtt = {0.1, 0.2, 0.25, 0.4};
  auto targets = check_targets(r);
  CHECK(find(targets, "event latency (d) bridge alone, fake upsd: median").met);
  CHECK(find(targets, "event latency (d) bridge alone, fake upsd: 99th").met);
  r.latency->direct_mqtt.push_back(std::nullopt);
  targets = check_targets(r);
  CHECK_FALSE(find(targets, "event latency (d) bridge alone, fake upsd: median").met);
  CHECK(render_report(r).find("(d) `mosquitto_sub`") != std::string::npos);
  // Without (d), no row for it.
  r.latency->direct_mqtt.clear();
  targets = check_targets(r);
  CHECK(std::none_of(targets.begin(), targets.end(), [](const target_check& c) {
    return c.target.find("(d)") != std::string::npos;
  }));
}

TEST_CASE("the agent-flood targets: every event within the deadline, few lines per problem") {
  run_results r;
  agent_flood_result f;
  f.deadline = 1s;
  f.rounds.resize(3);
  f.rounds[0].event = 0.2;
  f.rounds[1].event = 0.9;
  f.rounds[2].event = 0.4;
  f.problems = {{"ups/#/state: ignoring UPS", 2}, {"another", 1}};
  r.agent_flood = f;
  auto checks = check_targets(r);
  CHECK(find(checks, "agent after a flood").met);
  CHECK(find(checks, "agent after a flood").measured == "max 0.900 s, 3/3 acted on");
  CHECK(find(checks, "agent under the floods").met);

  r.agent_flood->rounds[1].event = std::nullopt;  // not acted on at all
  r.agent_flood->problems["ups/#/state: ignoring UPS"] = 4;
  checks = check_targets(r);
  CHECK_FALSE(find(checks, "agent after a flood").met);
  CHECK(find(checks, "agent after a flood").measured == "max 0.400 s, 2/3 acted on");
  CHECK_FALSE(find(checks, "agent under the floods").met);

  r.agent_flood->rounds[1].event = 1.2;  // acted on, late
  CHECK_FALSE(find(check_targets(r), "agent after a flood").met);
  const auto report = render_report(r);
  CHECK(report.find("## 6. The agent under an MQTT flood") != std::string::npos);
  CHECK(report.find("| 2 | 0 | 0.00 | 1.200 |") != std::string::npos);
}
