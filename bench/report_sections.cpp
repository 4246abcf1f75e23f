#include "bench/report_sections.hpp"

#include <fmt/format.h>

#include "bench/markdown.hpp"

namespace nutmqtt::bench {
namespace {

constexpr double kMicro = 1e6;

std::vector<std::string> distribution_cells(const std::vector<std::optional<double>>& all,
                                            int decimals) {
  auto d = summarize(seen_values(all));
  if (!d) return {fmt::format("0/{}", all.size()), "n/a", "n/a", "n/a", "n/a"};
  return {fmt::format("{}/{}", d->count, all.size()), fixed(d->median, decimals),
          fixed(d->p90, decimals), fixed(d->p99, decimals), fixed(d->max, decimals)};
}

std::string notes(const std::vector<std::string>& all) {
  std::string out;
  for (const auto& n : all)
    out += "\n- " + n;
  return out.empty() ? "" : out + "\n";
}

std::optional<double> per(double total, double count) {
  if (count <= 0) return std::nullopt;
  return total / count;
}

}  // namespace

std::vector<double> seen_values(const std::vector<std::optional<double>>& all) {
  std::vector<double> out;
  for (const auto& v : all) {
    if (v) out.push_back(*v);
  }
  return out;
}

std::string render_machine(const machine_info& m) {
  markdown_table t({"", ""});
  t.add_row({"date", m.date});
  t.add_row({"machine", fmt::format("{} cores, {}; load average {:.2f} at start", m.cores,
                                    m.cpu_model, m.load_average)});
  t.add_row({"nutmqtt", m.nutmqtt + " (Release build)"});
  t.add_row({"NUT", m.nut});
  t.add_row({"mosquitto", m.mosquitto});
  t.add_row({"kernel", m.kernel});
  t.add_row({"run", m.quick ? "bench/run --quick (fewer samples, shorter windows)" : "bench/run"});
  return "# nutmqtt benchmarks\n\n" + t.render();
}

std::string render_latency(const latency_result& l) {
  auto table = [&](std::vector<std::optional<double>> watcher_delays::*from) {
    markdown_table t({"watcher", "seen", "median s", "p90 s", "p99 s", "max s"});
    auto row = [&](const std::string& name, const watcher_delays& d) {
      auto cells = distribution_cells(d.*from, 3);
      cells.insert(cells.begin(), name);
      t.add_row(std::move(cells));
    };
    row("(a) upsmon + upssched `EXECUTE` (NUT defaults)", l.upsmon);
    row("(b) nutmqtt-bridge + nutmqtt-shutdown-agent `execute` (defaults)", l.agent);
    row("(c) `mosquitto_sub` on `ups/+/event` (bridge defaults)", l.mqtt);
    return t.render();
  };
  auto a = summarize(seen_values(l.upsmon.from_visible));
  auto b = summarize(seen_values(l.agent.from_visible));
  std::optional<double> ratio;
  if (a && b && b->median > 0) ratio = a->median / b->median;
  auto median_of = [](const std::optional<distribution>& d) {
    return d ? std::optional(d->median) : std::nullopt;
  };
  auto max_of = [](const std::optional<distribution>& d) {
    return d ? std::optional(d->max) : std::nullopt;
  };
  return fmt::format(
      "\n## 1. Event latency, side by side\n\n"
      "{} flips of `ups.status` between OL and OB with `upsrw` on one real upsd + dummy-ups, at "
      "random intervals, watched by all three at once. Seconds from the moment upsd serves the "
      "new status (found by polling upsd every 2 ms on a connection of its own) to the "
      "CMDSCRIPT running (a, b) or the event arriving (c):\n\n{}\n"
      "Ratio (a)/(b) of the medians: **{}**.\n\n"
      "The same from starting `upsrw` (it took {} s, median). dummy-ups applies a SET only "
      "between the one-second pauses of its loop, so upsd served the change {} s after upsrw "
      "started (median; max {} s), whoever watches:\n\n{}{}",
      l.flips, table(&watcher_delays::from_visible), fixed(ratio, 1),
      fixed(median_of(l.upsrw_seconds), 3), fixed(median_of(l.visible_seconds), 3),
      fixed(max_of(l.visible_seconds), 3), table(&watcher_delays::from_upsrw), notes(l.notes));
}

std::string render_direct_latency(const latency_result& l) {
  if (l.direct_mqtt.empty()) return "";
  markdown_table t({"watcher", "seen", "median s", "p90 s", "p99 s", "max s"});
  auto cells = distribution_cells(l.direct_mqtt, 3);
  cells.insert(cells.begin(), "(d) `mosquitto_sub` on `ups/+/event`, bridge on nutmqtt-fake-upsd");
  t.add_row(std::move(cells));
  return fmt::format(
      "\nThe bridge alone: {} flips of `ups.status` with `upsrw` on nutmqtt-fake-upsd, which "
      "serves a change the moment it is set, at random intervals (0.6 to 1.4 s), so that they "
      "fall at random moments of the bridge's 0.5 s poll cycle; seconds from starting `upsrw` "
      "to the event arriving:\n\n{}",
      l.direct_mqtt.size(), t.render());
}

std::string render_footprint(const latency_result& l) {
  markdown_table t({"process", "RSS steady MiB", "of which anonymous MiB", "RSS peak (VmHWM) MiB",
                    "PSS steady MiB", "CPU % of a core"});
  double window = 0;
  for (const auto& u : l.footprint) {
    if (!u.measured) {
      t.add_row({u.name, "gone"});
      continue;
    }
    const auto& m = *u.measured;
    window = m.seconds;
    t.add_row({u.name, fixed(m.rss_median_mb, 1), fixed(m.anon_median_mb, 1), fixed(m.hwm_mb, 1),
               fixed(m.pss_median_mb, 1), fixed(m.cpu_percent, 2)});
  }
  return fmt::format(
      "\n## 2. Footprint\n\n"
      "The same processes watching one UPS at their default intervals for {:.0f} s while nothing "
      "changes, sampled from /proc once a second: steady = median of the samples; CPU = "
      "utime + stime over the window. RSS counts shared libraries in full in every process; PSS "
      "shares them out; \"anonymous\" (RssAnon) is the part of RSS that is the process's own "
      "(heap, stacks), the rest being pages of its program and shared libraries. The targets use "
      "RSS.\n\n{}",
      window, t.render());
}

std::string render_scale(const scale_result& s) {
  markdown_table t({"UPSes", "all on the broker after s", "topics seen", "messages/s",
                    "bridge CPU %", "RSS steady MiB", "RSS peak MiB", "events seen",
                    "event latency median s", "max s"});
  for (const auto& p : s.points) {
    auto d = summarize(seen_values(p.event_latencies));
    std::string seen = fmt::format("{}/{}", p.topics_seen, p.topics_expected);
    if (p.discovery_expected > 0) {
      seen += fmt::format(" (discovery {}/{})", p.discovery_seen, p.discovery_expected);
    }
    t.add_row({fmt::format("{} on {} servers", p.ups, p.servers), fixed(p.complete_seconds, 1),
               seen, fixed(p.messages_per_second, 0),
               fixed(p.bridge ? std::optional(p.bridge->cpu_percent) : std::nullopt, 1),
               fixed(p.bridge ? std::optional(p.bridge->rss_median_mb) : std::nullopt, 1),
               fixed(p.bridge ? std::optional(p.bridge->hwm_mb) : std::nullopt, 1),
               fmt::format("{}/{}", d ? d->count : 0, p.event_latencies.size()),
               fixed(d ? std::optional(d->median) : std::nullopt, 2),
               fixed(d ? std::optional(d->max) : std::nullopt, 2)});
  }
  const double window = s.points.empty() ? 0 : s.points.front().window_seconds;
  return fmt::format(
      "\n## 3. Scale\n\n"
      "nutmqtt-fake-upsd serving realistic UPSes (values drifting every second) on 10 servers; "
      "the bridge at status_interval {} ms, vars_interval {} ms. \"All on the broker\": from "
      "starting the bridge until a subscriber has received every UPS's status, state, "
      "availability, every variable and its discovery config. Steady state over {:.0f} s after "
      "that. Events: status flips with `upsrw` on UPSes spread over the servers, timed to the "
      "event's arrival.\n\n{}{}",
      s.status_interval.count(), s.vars_interval.count(), window, t.render(), notes(s.notes));
}

std::string render_poll_cost(const poll_cost_result& p) {
  markdown_table t({"poll", "polls", "CPU s", "CPU per poll per UPS µs"});
  t.add_row({"status (`GET VAR <ups> ups.status`, pipelined per server)",
             std::to_string(p.status_polls), fixed(p.status_cpu_seconds, 3),
             fixed(per(p.status_cpu_seconds * kMicro, static_cast<double>(p.status_polls)), 1)});
  t.add_row({fmt::format("all variables (`LIST VAR <ups>`, {} variables)", p.variables),
             std::to_string(p.var_polls), fixed(p.vars_cpu_seconds, 3),
             fixed(per(p.vars_cpu_seconds * kMicro, static_cast<double>(p.var_polls)), 1)});
  t.add_row({"shell-out: `upsc <ups>` then `mosquitto_pub`, per poll",
             std::to_string(p.shell_polls), fixed(p.shell_cpu_seconds, 3),
             fixed(per(p.shell_cpu_seconds * kMicro, p.shell_polls), 1)});
  return fmt::format(
      "\n## 4. Cost per poll\n\n"
      "The bridge's CPU time (all threads, from the kernel's per-process CPU clock) over {:.0f} s "
      "windows watching {} UPSes of nutmqtt-fake-upsd (no drift: nothing to publish), minus the "
      "same window with (almost) no polls ({} s), divided by the polls the fake counted. The "
      "shell-out line is the CPU time of a shell running both programs once per poll.\n\n{}{}",
      p.window_seconds, p.ups, fixed(p.idle_cpu_seconds, 3), t.render(), notes(p.notes));
}

std::string render_hostile(const hostile_result& h) {
  markdown_table t({"hostile server", "bridge RSS MiB", "RSS peak (VmHWM) MiB",
                    "healthy changes seen", "healthy latency median s", "max s", "connects to it",
                    "COMMBAD", "its UPSes watched", "log lines"});
  for (const auto& r : h.rows) {
    auto seen = seen_values(r.healthy_latencies);
    auto d = summarize(seen);
    t.add_row({r.scenario, fixed(r.rss_mb, 1), fixed(r.hwm_mb, 1),
               fmt::format("{}/{}", seen.size(), r.healthy_latencies.size()),
               d ? fixed(d->median, 3) : "n/a", d ? fixed(d->max, 3) : "n/a",
               std::to_string(r.connects), std::to_string(r.commbad), std::to_string(r.ups_watched),
               std::to_string(r.log_lines)});
  }
  return fmt::format(
      "\n## 5. Beside a hostile upsd\n\n"
      "The bridge ({}; default configuration, status_interval {} ms) watching one UPS of a "
      "healthy nutmqtt-fake-upsd, flipped between OL and OB every 1.5 to 2.5 s, and a second fake "
      "upsd misbehaving on purpose, for {:.0f} s per scenario. Latency: from setting the status "
      "on the healthy fake (which serves it at once) to the status on MQTT. Memory from "
      "/proc/<pid>/status at the end.\n\n{}{}",
      h.bridge_program.empty() ? "this build" : "`" + h.bridge_program + "`",
      h.status_interval.count(), h.rows.empty() ? 0.0 : h.rows.front().window_seconds, t.render(),
      notes(h.notes));
}

namespace {

std::optional<double> mib(const std::optional<memory_status>& m, std::uint64_t memory_status::*kb) {
  if (!m) return std::nullopt;
  return static_cast<double>((*m).*kb) / 1024.0;
}

std::string flood_events_table(const agent_flood_result& f) {
  markdown_table t({"ONBATT of the real UPS", "acted on", "median s", "max s"});
  auto row = [&](const std::string& name, const std::vector<std::optional<double>>& all) {
    auto d = summarize(seen_values(all));
    t.add_row({name, fmt::format("{}/{}", d ? d->count : 0, all.size()),
               d ? fixed(d->median, 3) : "n/a", d ? fixed(d->max, 3) : "n/a"});
  };
  row("alone (no flood before it)", f.baseline);
  std::vector<std::optional<double>> after;
  for (const auto& r : f.rounds)
    after.push_back(r.event);
  row("right after each flood", after);
  return t.render();
}

std::string flood_rounds_table(const agent_flood_result& f) {
  markdown_table t({"round", "made-up ids", "flood published in s", "event acted on after s",
                    "agent CPU s", "VmRSS MiB", "VmHWM MiB", "log lines added", "log KiB added",
                    "CMDSCRIPT runs for made-up ids"});
  t.add_row({"before the floods", "", "", "", "",
             fixed(mib(f.memory_before, &memory_status::rss_kb), 1),
             fixed(mib(f.memory_before, &memory_status::hwm_kb), 1), "", "", ""});
  for (std::size_t i = 0; i < f.rounds.size(); ++i) {
    const auto& r = f.rounds[i];
    t.add_row({std::to_string(i + 1), std::to_string(r.ids), fixed(r.publish_seconds, 2),
               r.event ? fixed(r.event, 3) : "not acted on", fixed(r.cpu_seconds, 2),
               fixed(mib(r.memory, &memory_status::rss_kb), 1),
               fixed(mib(r.memory, &memory_status::hwm_kb), 1), std::to_string(r.log_lines),
               fixed(static_cast<double>(r.log_bytes) / 1024.0, 1),
               std::to_string(r.made_up_scripts)});
  }
  return t.render();
}

std::string flood_problems_table(const agent_flood_result& f) {
  if (f.problems.empty()) return "No warning or error was logged during the floods.\n";
  markdown_table t({"kind of problem logged during the floods (ids and numbers as #)", "lines"});
  for (const auto& [kind, lines] : f.problems)
    t.add_row({"`" + kind + "`", std::to_string(lines)});
  return t.render();
}

}  // namespace

std::string render_agent_flood(const agent_flood_result& f) {
  std::size_t ids = 0;
  for (const auto& r : f.rounds)
    ids += r.ids;
  const std::string stop = f.stop_seconds
                               ? fmt::format("exited {} s after it, status {}",
                                             fixed(f.stop_seconds, 3), f.exit_status.value_or(-1))
                               : "did not exit by itself within 10 s (killed)";
  return fmt::format(
      "\n## 6. The agent under an MQTT flood\n\n"
      "nutmqtt-shutdown-agent (`monitor: \"*\"`, limits.max_ups {}, `AT ONBATT * EXECUTE onbatt`, "
      "its CMDSCRIPT appending `$EPOCHREALTIME` and `$UPSNAME`) on mosquitto; the harness plays "
      "the bridge with one MQTT client. {} rounds: {} distinct made-up UPS ids in all, new ones "
      "every round, each in turn a state (OL, OB DISCHRG, OL CHRG), an \"offline\" availability "
      "or an event (ONLINE, ONBATT, REPLBATT), published as fast as the client can at QoS 1 "
      "({} unacknowledged at a time at most); right after each flood the real UPS's ONBATT (then "
      "ONLINE). "
      "Latency: from publishing ONBATT to the CMDSCRIPT's timestamp. CPU: the agent's, from the "
      "flood's start until it acted on the event. Memory from /proc/<pid>/status once it had."
      "\n\n{}\n{}\n{}\nSIGTERM at the end: the agent {}.\n{}",
      f.max_ups, f.rounds.size(), ids, f.in_flight, flood_events_table(f), flood_rounds_table(f),
      flood_problems_table(f), stop, notes(f.notes));
}

}  // namespace nutmqtt::bench
