#include "fault_matrix/cell.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "fault_matrix/report.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace nutmqtt::fault_matrix {
namespace {

using namespace std::chrono_literals;

double at(const std::map<std::string, double>& steps, const bound& b) {
  auto it = steps.find(b.step);
  if (it == steps.end())
    throw std::runtime_error("a bound names the step \"" + b.step + "\", which never happened");
  return it->second + b.offset;
}

// Waits on the wall clock, keeping systemd's part (restarting what failed) going meanwhile.
void sleep_until_wall(lab& l, double when) {
  while (true) {
    l.supervise();
    const double left = when - wall_now();
    if (left <= 0) return;
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(left, 0.1)));
  }
}

double final_delay_of(const topology& t, const std::string& who) {
  const auto* a = std::get_if<agent_spec>(&t.service(who));
  if (a == nullptr) return 0;
  auto d = common::parse_duration(a->final_delay);
  if (!d) throw std::invalid_argument("agent " + who + " has final_delay " + a->final_delay);
  return std::chrono::duration<double>(*d).count();
}

void wait_for_agents(lab& l, const std::string& state) {
  for (const auto* a : l.spec().all<agent_spec>()) {
    if (!test::wait_until([&] { return l.agent_state_text(a->id) == state; }, 30s, 100ms)) {
      throw std::runtime_error("agent " + a->id + " did not reach \"" + state +
                               "\" before the start (it says \"" + l.agent_state_text(a->id) +
                               "\"); its log:\n" + l.log(a->id));
    }
  }
}

std::map<std::string, double> play_steps(lab& l, const cell& c) {
  std::map<std::string, double> steps;
  steps["start"] = wall_now();
  for (const auto& s : c.steps) {
    const auto from = s.after.empty() ? std::string("start") : s.after;
    auto it = steps.find(from);
    if (it == steps.end())
      throw std::runtime_error("step \"" + s.what + "\" comes after \"" + from +
                               "\", which has not happened");
    sleep_until_wall(l, it->second + s.delay);
    if (s.when && !test::wait_until(
                      [&] {
                        l.supervise();
                        return s.when(l);
                      },
                      30s, 50ms)) {
      throw std::runtime_error("step \"" + s.what +
                               "\": what it waits for did not happen within 30 s");
    }
    steps[s.what] = wall_now();
    s.act(l);
  }
  sleep_until_wall(l, steps["start"] + c.observe);
  for (const auto& [what, when] : l.supervisor_log())
    steps[what] = when;
  return steps;
}

// The shutdown of each service in cell::goes_last must follow every agent's.
void check_goes_last(const cell& c, cell_result& r) {
  double last_agent = -1e9;
  for (const auto& a : r.agents)
    if (std::find(c.goes_last.begin(), c.goes_last.end(), a.agent) == c.goes_last.end())
      for (double t : a.shutdowns)
        last_agent = std::max(last_agent, t);
  for (auto& a : r.agents) {
    if (std::find(c.goes_last.begin(), c.goes_last.end(), a.agent) == c.goes_last.end()) continue;
    if (!a.shutdowns.empty() && a.shutdowns.front() <= last_agent) {
      a.ok = false;
      a.why += " - but it went before an agent";
    }
  }
}

std::string seconds_text(double s) {
  return fmt::format("{:.1f}", s);
}

}  // namespace

expectation no_shutdown(std::string why) {
  expectation e;
  e.why = std::move(why);
  return e;
}

expectation shutdown_between(bound earliest, bound latest, std::string why) {
  expectation e;
  e.shutdown = true;
  e.earliest = std::move(earliest);
  e.latest = std::move(latest);
  e.why = std::move(why);
  return e;
}

expectation without_commbad(expectation e) {
  e.no_commbad = true;
  return e;
}

agent_outcome judge(const std::string& agent, const expectation& e,
                    const std::map<std::string, double>& steps, double final_delay,
                    const std::vector<double>& times, const std::vector<double>& commbads) {
  agent_outcome o;
  o.agent = agent;
  o.expect_shutdown = e.shutdown;
  o.expect_no_commbad = e.no_commbad;
  o.why = e.why;
  const double start = steps.at("start");
  for (double t : times)
    o.shutdowns.push_back(t - start);
  // Those of the settling before the start (the agents connecting) are not the cell's.
  for (double t : commbads)
    if (t >= start) o.commbads.push_back(t - start);
  const bool commbad_ok = !e.no_commbad || o.commbads.empty();
  if (!e.shutdown) {
    o.ok = times.empty() && commbad_ok;
    return o;
  }
  o.earliest = at(steps, e.earliest) - start;
  o.latest = at(steps, e.latest) + final_delay + bound_terms::kSlack - start;
  o.ok = o.shutdowns.size() == 1 && o.shutdowns[0] >= o.earliest && o.shutdowns[0] <= o.latest &&
         commbad_ok;
  return o;
}

check_outcome judge(const retained_check& c, const std::optional<std::string>& seen) {
  check_outcome o;
  o.what = c.topic + " " + c.value;
  if (c.host != "broker") o.what += " (on " + c.host + ")";
  o.seen = seen ? *seen : "(nothing)";
  o.ok = seen && *seen == c.value;
  return o;
}

namespace {

// Builds the lab in `dir`, plays the cell and judges it into `r`.
void play_in(const std::filesystem::path& dir, const cell& c, cell_result& r) {
  auto t = c.base ? c.base() : home_topology();
  if (c.setup) c.setup(t);
  std::map<std::string, double> steps;
  std::map<std::string, std::vector<double>> times, commbads;
  for (const auto& [who, e] : c.expect) {
    const auto* a = std::get_if<agent_spec>(&t.service(who));
    if (e.no_commbad && (a == nullptr || !a->record_comm))
      throw std::invalid_argument(who +
                                  " is expected to raise no COMMBAD, but its CMDSCRIPT "
                                  "does not record them (agent_spec::record_comm)");
  }
  {
    lab l(t, dir);
    l.start_all();
    wait_for_agents(l, c.ready_state);
    // Faults hit a system that has settled, not agents that have just connected (their timers
    // are held for a while after a connect).
    std::this_thread::sleep_for(std::chrono::duration<double>(bound_terms::kHold + 0.5));
    steps = play_steps(l, c);
    for (const auto& [who, e] : c.expect) {
      times[who] = l.shutdowns(who);
      if (std::holds_alternative<agent_spec>(t.service(who)))
        commbads[who] = l.script_calls(who, "COMMBAD");
    }
    for (const auto& check : c.at_end)
      r.checks.push_back(judge(check, l.observed(check.host).latest(check.topic)));
  }
  for (const auto& [who, e] : c.expect)
    r.agents.push_back(judge(who, e, steps, final_delay_of(t, who), times[who], commbads[who]));
  check_goes_last(c, r);
  for (const auto& [what, when] : steps)
    r.timeline.emplace_back(what, when - steps["start"]);
  std::sort(r.timeline.begin(), r.timeline.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  r.ok = std::all_of(r.agents.begin(), r.agents.end(), [](const auto& a) { return a.ok; }) &&
         std::all_of(r.checks.begin(), r.checks.end(), [](const auto& k) { return k.ok; });
  // The lab is gone: every daemon has exited, and a leak report would be in its log by now.
  if (auto report = sanitizer_report(dir); !report.empty()) {
    r.error = "a sanitizer found a problem: " + report;
    r.ok = false;
  }
}

}  // namespace

cell_result play(const std::string& fault, const std::string& during, const cell& c) {
  cell_result r;
  r.fault = fault;
  r.during = during;
  r.known_bug = c.known_bug;
  const double began = wall_now();
  test::temp_dir dir;
  try {
    play_in(dir.path(), c, r);
  } catch (const std::exception& e) {
    r.error = e.what();
    r.ok = false;
  }
  if (!r.ok) keep_logs(fault, during, dir.path());
  r.seconds = wall_now() - began;
  return r;
}

std::string sanitizer_report(const std::filesystem::path& dir) {
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".log") continue;
    std::istringstream in(test::read_file(it->path()));
    for (std::string line; std::getline(in, line);) {
      if (line.find("ERROR: AddressSanitizer") != std::string::npos ||
          line.find("ERROR: LeakSanitizer") != std::string::npos ||
          line.find("runtime error:") != std::string::npos) {
        return std::filesystem::relative(it->path(), dir, ec).string() + ": " + line;
      }
    }
  }
  return "";
}

std::string describe_expected(const cell_result& r) {
  if (!r.error.empty()) return "-";
  // Agents with the same expectation (their windows differ by their final_delay) share a line.
  struct group {
    const agent_outcome* first;
    std::string names;
    double latest;
  };
  std::vector<group> groups;
  for (const auto& a : r.agents) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const group& g) {
      return g.first->expect_shutdown == a.expect_shutdown && g.first->earliest == a.earliest &&
             g.first->expect_no_commbad == a.expect_no_commbad && g.first->why == a.why;
    });
    if (it == groups.end()) {
      groups.push_back({&a, a.agent, a.latest});
    } else {
      it->names += ", " + a.agent;
      it->latest = std::max(it->latest, a.latest);
    }
  }
  auto text = [](const group& g) {
    return (g.first->expect_shutdown ? "shutdown " + seconds_text(g.first->earliest) + "-" +
                                           seconds_text(g.latest) + " s"
                                     : std::string("none")) +
           (g.first->expect_no_commbad ? ", no COMMBAD" : "");
  };
  std::string out;
  if (groups.size() == 1) {
    out = text(groups.front());
  } else {
    for (const auto& g : groups)
      out += (out.empty() ? "" : "; ") + g.names + ": " + text(g);
  }
  for (const auto& c : r.checks)
    out += "; " + c.what;
  return out;
}

std::string describe_observed(const cell_result& r) {
  if (!r.error.empty()) return "error: " + r.error.substr(0, r.error.find('\n'));
  auto shutdowns = [](const agent_outcome& a) {
    return a.shutdowns.empty()       ? std::string("none")
           : a.shutdowns.size() == 1 ? std::string("shutdown once")
                                     : std::to_string(a.shutdowns.size()) + " shutdowns";
  };
  // COMMBADs are told where the expectation is that there are none.
  auto commbads = [](const agent_outcome& a) {
    if (!a.expect_no_commbad) return std::string();
    if (a.commbads.empty()) return std::string(", no COMMBAD");
    return a.commbads.size() == 1 ? std::string(", COMMBAD")
                                  : ", " + std::to_string(a.commbads.size()) + " COMMBADs";
  };
  auto one = [&](const agent_outcome& a) { return shutdowns(a) + commbads(a); };
  bool same = true;
  for (const auto& a : r.agents)
    same = same && one(a) == one(r.agents.front());
  std::string out;
  if (same && !r.agents.empty()) {
    const auto& a = r.agents.front();
    out = shutdowns(a) == "shutdown once" && r.agents.size() > 1
              ? "shutdown, once each" + commbads(a)
              : one(a);
  } else {
    for (const auto& a : r.agents)
      out += (out.empty() ? "" : "; ") + a.agent + ": " + one(a);
  }
  for (const auto& c : r.checks)
    out += "; " + c.what.substr(0, c.what.find(' ')) + " " + c.seen;
  return out;
}

std::string describe_times(const cell_result& r) {
  std::string out;
  for (const auto& a : r.agents) {
    for (double t : a.shutdowns)
      out += (out.empty() ? "" : ", ") + a.agent + " " + seconds_text(t) + " s";
  }
  for (const auto& a : r.agents) {
    if (!a.expect_no_commbad) continue;
    for (double t : a.commbads)
      out += (out.empty() ? "" : ", ") + a.agent + " COMMBAD " + seconds_text(t) + " s";
  }
  return out.empty() ? "-" : out;
}

}  // namespace nutmqtt::fault_matrix
