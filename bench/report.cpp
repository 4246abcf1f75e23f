#include "bench/report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "bench/markdown.hpp"
#include "bench/report_sections.hpp"

namespace nutmqtt::bench {
namespace {

constexpr double kEventMedianTarget = 0.30;  // (c), seconds
constexpr double kEventP99Target = 0.60;     // (c)
constexpr double kAgentMedianTarget = 0.35;  // (b)
constexpr double kRatioTarget = 6.0;         // (a)/(b) of medians
constexpr double kBridgeRssTarget = 12.0;    // MiB, one UPS
constexpr double kBridgeCpuTarget = 1.0;     // % of one core
constexpr double kAgentRssTarget = 8.0;
constexpr double kAgentIdleCpuTarget = 0.1;  // "about zero"
constexpr int kScaleUps = 1000;
constexpr double kScaleStartTarget = 10.0;  // seconds until everything is on the broker
constexpr double kScaleCpuTarget = 25.0;
constexpr double kScaleRssTarget = 64.0;
constexpr double kHostileRssTarget = 96.0;   // MiB, the peak, beside any hostile server
constexpr int kHostileLatencyIntervals = 2;  // healthy changes within this many status intervals
// "A few lines per kind of problem": the agent's rate limiter allows one a minute per kind.
constexpr std::size_t kFloodLinesPerProblem = 3;

const named_usage* find_usage(const std::vector<named_usage>& all, const std::string& name) {
  auto it = std::find_if(all.begin(), all.end(), [&](const auto& u) { return u.name == name; });
  return it == all.end() ? nullptr : &*it;
}

void latency_targets(const latency_result& l, std::vector<target_check>& out) {
  // From the moment upsd served the change: before it, no watcher can know.
  auto mqtt = summarize(seen_values(l.mqtt.from_visible));
  auto agent = summarize(seen_values(l.agent.from_visible));
  auto upsmon = summarize(seen_values(l.upsmon.from_visible));
  out.push_back({"event latency (c) mosquitto_sub: median <= 0.30 s",
                 mqtt ? fixed(mqtt->median, 3) + " s" : "n/a",
                 mqtt && mqtt->median <= kEventMedianTarget});
  out.push_back({"event latency (c) mosquitto_sub: 99th percentile <= 0.60 s",
                 mqtt ? fixed(mqtt->p99, 3) + " s" : "n/a", mqtt && mqtt->p99 <= kEventP99Target});
  out.push_back({"event latency (b) bridge + agent: median <= 0.35 s",
                 agent ? fixed(agent->median, 3) + " s" : "n/a",
                 agent && agent->median <= kAgentMedianTarget});
  std::optional<double> ratio;
  if (upsmon && agent && agent->median > 0) ratio = upsmon->median / agent->median;
  out.push_back({"event latency (a) upsmon / (b) bridge + agent, medians: >= 6", fixed(ratio, 1),
                 ratio && *ratio >= kRatioTarget});
  // The same targets for the bridge alone, its flips at random moments of its poll cycle.
  if (auto direct = summarize(seen_values(l.direct_mqtt))) {
    const bool all_seen = direct->count == l.direct_mqtt.size();
    out.push_back({"event latency (d) bridge alone, fake upsd: median <= 0.30 s",
                   fixed(direct->median, 3) + " s",
                   all_seen && direct->median <= kEventMedianTarget});
    out.push_back({"event latency (d) bridge alone, fake upsd: 99th percentile <= 0.60 s",
                   fixed(direct->p99, 3) + " s", all_seen && direct->p99 <= kEventP99Target});
  }
}

void footprint_targets(const latency_result& l, std::vector<target_check>& out) {
  const auto* bridge = find_usage(l.footprint, "nutmqtt-bridge");
  const auto* agent = find_usage(l.footprint, "nutmqtt-shutdown-agent");
  auto rss = [](const named_usage* u) -> std::optional<double> {
    if (!u || !u->measured) return std::nullopt;
    return u->measured->rss_median_mb;
  };
  auto cpu = [](const named_usage* u) -> std::optional<double> {
    if (!u || !u->measured) return std::nullopt;
    return u->measured->cpu_percent;
  };
  out.push_back({"bridge, one UPS: resident memory (VmRSS) <= 12 MiB",
                 fixed(rss(bridge), 1) + " MiB", rss(bridge) && *rss(bridge) <= kBridgeRssTarget});
  out.push_back({"bridge, one UPS: CPU < 1% of a core", fixed(cpu(bridge), 2) + " %",
                 cpu(bridge) && *cpu(bridge) < kBridgeCpuTarget});
  out.push_back({"agent: resident memory (VmRSS) <= 8 MiB", fixed(rss(agent), 1) + " MiB",
                 rss(agent) && *rss(agent) <= kAgentRssTarget});
  out.push_back({"agent, idle: CPU about 0 (< 0.1% of a core)", fixed(cpu(agent), 2) + " %",
                 cpu(agent) && *cpu(agent) < kAgentIdleCpuTarget});
}

void scale_targets(const scale_result& s, std::vector<target_check>& out) {
  auto at = [&](int ups) -> const scale_point* {
    auto it = std::find_if(s.points.begin(), s.points.end(),
                           [&](const scale_point& p) { return p.ups == ups; });
    return it == s.points.end() ? nullptr : &*it;
  };
  const auto* big = at(kScaleUps);
  if (!big) return;
  out.push_back({"1,000 UPSes: everything on the broker within 10 s of start",
                 big->complete_seconds ? fixed(big->complete_seconds, 1) + " s"
                                       : fmt::format("incomplete ({} of {} topics)",
                                                     big->topics_seen, big->topics_expected),
                 big->complete_seconds && *big->complete_seconds <= kScaleStartTarget});
  auto cpu = big->bridge ? std::optional(big->bridge->cpu_percent) : std::nullopt;
  auto rss = big->bridge ? std::optional(big->bridge->rss_median_mb) : std::nullopt;
  out.push_back({"1,000 UPSes: steady state below 25% of one core", fixed(cpu, 1) + " %",
                 cpu && *cpu < kScaleCpuTarget});
  out.push_back({"1,000 UPSes: steady state below 64 MiB resident", fixed(rss, 1) + " MiB",
                 rss && *rss < kScaleRssTarget});
  // Compared with the smallest size watched (one UPS per server); nothing to say without it.
  const auto* small = s.points.empty() ? nullptr : &s.points.front();
  if (!small || small->ups >= big->ups) return;
  auto worst = [](const scale_point* p) -> std::optional<double> {
    if (!p || p->event_latencies.empty()) return std::nullopt;
    auto v = seen_values(p->event_latencies);
    if (v.size() != p->event_latencies.size()) return std::nullopt;  // a missed event
    return *std::max_element(v.begin(), v.end());
  };
  const double interval = std::chrono::duration<double>(s.status_interval).count();
  auto big_worst = worst(big);
  auto small_worst = worst(small);
  out.push_back(
      {fmt::format("1,000 UPSes: no event later than {} UPSes' worst + one status_interval ({} s)",
                   small ? small->ups : 0, fixed(interval, 1)),
       fmt::format("{} s (limit {} s)", fixed(big_worst, 2),
                   small_worst ? fixed(*small_worst + interval, 2) : "n/a"),
       big_worst && small_worst && *big_worst <= *small_worst + interval});
}

void hostile_targets(const hostile_result& h, std::vector<target_check>& out) {
  const double limit =
      kHostileLatencyIntervals * std::chrono::duration<double>(h.status_interval).count();
  for (const auto& r : h.rows) {
    out.push_back({fmt::format("beside a hostile upsd ({}): bridge RSS peak < 96 MiB", r.scenario),
                   fixed(r.hwm_mb, 1) + " MiB", r.hwm_mb > 0 && r.hwm_mb < kHostileRssTarget});
    auto seen = seen_values(r.healthy_latencies);
    auto d = summarize(seen);
    const bool all = !seen.empty() && seen.size() == r.healthy_latencies.size();
    out.push_back({fmt::format("beside a hostile upsd ({}): every healthy change within {} status "
                               "intervals ({} s)",
                               r.scenario, kHostileLatencyIntervals, fixed(limit, 1)),
                   d ? fmt::format("max {} s, {}/{} seen", fixed(d->max, 3), seen.size(),
                                   r.healthy_latencies.size())
                     : "none seen",
                   all && d && d->max <= limit});
  }
}

void agent_flood_targets(const agent_flood_result& f, std::vector<target_check>& out) {
  std::vector<std::optional<double>> events;
  for (const auto& r : f.rounds)
    events.push_back(r.event);
  auto seen = seen_values(events);
  auto d = summarize(seen);
  const double deadline = std::chrono::duration<double>(f.deadline).count();
  out.push_back(
      {fmt::format("agent after a flood of made-up UPS ids: every event acted on within {} s",
                   fixed(deadline, 1)),
       d ? fmt::format("max {} s, {}/{} acted on", fixed(d->max, 3), seen.size(), events.size())
         : "none acted on",
       !events.empty() && seen.size() == events.size() && d->max <= deadline});
  std::size_t worst = 0;
  for (const auto& [kind, lines] : f.problems)
    worst = std::max(worst, lines);
  out.push_back({fmt::format("agent under the floods: at most {} log lines per kind of problem",
                             kFloodLinesPerProblem),
                 fmt::format("{} kind(s), at most {} line(s) each", f.problems.size(), worst),
                 worst <= kFloodLinesPerProblem});
}

}  // namespace

std::vector<target_check> check_targets(const run_results& r) {
  std::vector<target_check> out;
  if (r.latency) {
    latency_targets(*r.latency, out);
    footprint_targets(*r.latency, out);
  }
  if (r.scale) scale_targets(*r.scale, out);
  if (r.hostile) hostile_targets(*r.hostile, out);
  if (r.agent_flood) agent_flood_targets(*r.agent_flood, out);
  return out;
}

std::string render_report(const run_results& r) {
  std::string out = render_machine(r.machine);
  if (r.latency) {
    out += render_latency(*r.latency) + render_direct_latency(*r.latency) +
           render_footprint(*r.latency);
  }
  if (r.scale) out += render_scale(*r.scale);
  if (r.poll_cost) out += render_poll_cost(*r.poll_cost);
  if (r.hostile) out += render_hostile(*r.hostile);
  if (r.agent_flood) out += render_agent_flood(*r.agent_flood);
  auto targets = check_targets(r);
  if (!targets.empty()) {
    markdown_table t({"target", "measured", ""});
    for (const auto& c : targets)
      t.add_row({c.target, c.measured, verdict(c.met)});
    out += "\n## Targets\n\n" + t.render();
  }
  if (!r.failures.empty()) {
    out += "\n## Not measured\n\n";
    for (const auto& f : r.failures)
      out += "- " + f + "\n";
  }
  return out;
}

}  // namespace nutmqtt::bench
