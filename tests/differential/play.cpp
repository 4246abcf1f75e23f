#include "differential/play.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "differential/rig.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::differential {
namespace {

using namespace std::chrono_literals;

double now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Sleeps `seconds`, in short naps, returning early once both sides have shut down (nothing
// more can happen then).
bool hold(rig& r, double seconds) {
  const double until = now() + seconds;
  while (now() < until) {
    if (r.upsmon_shut_down() && r.agent_shut_down()) return false;
    std::this_thread::sleep_for(100ms);
  }
  return true;
}

void play_fault(rig& r, const step& s, played& p) {
  played::fault f{now(), 0, s.kind};
  const auto change_midway = [&] {
    if (!hold(r, s.hold_s / 2.0) || s.status.empty()) return;
    r.set_status(s.status);
    p.statuses.push_back({now(), s.status});
  };
  switch (s.kind) {
    case step_kind::driver_stall:
      r.stall_driver();
      hold(r, s.hold_s);
      r.resume_driver();
      break;
    case step_kind::driver_death:
      r.stop_driver();
      hold(r, s.hold_s);
      r.start_driver();
      break;
    case step_kind::upsd_stop:
      r.stop_upsd();
      hold(r, s.hold_s);
      r.start_upsd();
      break;
    case step_kind::bridge_death:
      r.kill_bridge();
      change_midway();
      hold(r, s.hold_s / 2.0);
      r.start_bridge();
      break;
    case step_kind::broker_death:
      r.stop_broker();
      change_midway();
      hold(r, s.hold_s / 2.0);
      r.start_broker();
      break;
    case step_kind::status:
      break;
  }
  f.end = now();
  p.faults.push_back(f);
}

std::optional<double> first_time(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return std::nullopt;
  std::istringstream in(test::read_file(file));
  double t = 0;
  if (in >> t) return t;
  return std::nullopt;
}

side read_side(const std::filesystem::path& out, const std::string& name) {
  side s;
  if (std::filesystem::exists(out / (name + ".events")))
    s.events = parse_events(test::read_file(out / (name + ".events")));
  s.shutdown = first_time(out / (name + ".shutdown"));
  return s;
}

}  // namespace

std::string upsmon_version() {
  const auto r = test::run({"/lib/nut/upsmon", "-V"}, 10s);
  // "Network UPS Tools upsmon 2.8.0"
  const auto pos = r.output.rfind(' ');
  if (r.status != 0 || pos == std::string::npos) return "unknown";
  auto v = r.output.substr(pos + 1);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r'))
    v.pop_back();
  return v;
}

std::vector<timed_event> parse_events(const std::string& text) {
  std::vector<timed_event> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    timed_event e;
    if (words >> e.t >> e.type) out.push_back(e);
  }
  return out;
}

std::vector<played::drop> broker_drops(const std::string& mosquitto_log,
                                       const std::string& client_id) {
  std::vector<played::drop> out;
  const std::string client = "Client " + client_id + " ";
  const std::string connected = " as " + client_id + " ";
  std::istringstream in(mosquitto_log);
  double last = 0;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    double t = 0;
    if (!(words >> t)) continue;
    last = t;
    const auto colon = line.find(": ");
    const auto text = line.substr(colon == std::string::npos ? 0 : colon + 2);
    if (text.starts_with(client)) {
      const auto why = text.substr(client.size());
      const bool dropped =
          why.starts_with("disconnected due to") || why.starts_with("has exceeded timeout");
      if (dropped && (out.empty() || out.back().end != 0)) out.push_back({t, 0, why});
    } else if (text.starts_with("New client connected") &&
               text.find(connected) != std::string::npos && !out.empty() && out.back().end == 0) {
      // The log counts whole seconds: the connect may be up to one later than it says.
      out.back().end = t + 1;
    }
  }
  if (!out.empty() && out.back().end == 0) out.back().end = last + 1;
  return out;
}

play_record play(const scenario& sc, const std::filesystem::path& out) {
  play_record rec;
  rec.sc = sc;
  rec.upsmon_version = upsmon_version();
  try {
    rig r(sc.config, rec.upsmon_version);
    try {
      r.start();
      rec.t0 = now();
      rec.p.statuses.push_back({rec.t0, "OL"});
      for (const auto& s : sc.steps) {
        if (r.upsmon_shut_down() && r.agent_shut_down()) break;
        if (s.kind == step_kind::status) {
          r.set_status(s.status);
          rec.p.statuses.push_back({now(), s.status});
          hold(r, s.hold_s);
        } else {
          play_fault(r, s, rec.p);
          // Both sides must see the recovery before the next step (a driver resumed and
          // killed within one poll would be seen resumed by one side only).
          hold(r, kRecoverySeconds);
        }
      }
      hold(r, tail_seconds(sc.config));
    } catch (const std::exception& e) {
      rec.error = e.what();
    }
    r.stop_and_collect(out);
  } catch (const std::exception& e) {
    rec.error = e.what();
  }
  rec.upsmon = read_side(out, "upsmon");
  rec.agent = read_side(out, "agent");
  if (std::filesystem::exists(out / "mosquitto.log"))
    rec.p.broker_drops = broker_drops(test::read_file(out / "mosquitto.log"), kAgentClientId);
  return rec;
}

namespace {

nlohmann::json to_json(const side& s) {
  nlohmann::json j;
  j["events"] = nlohmann::json::array();
  for (const auto& e : s.events)
    j["events"].push_back({{"t", e.t}, {"type", e.type}});
  if (s.shutdown) j["shutdown"] = *s.shutdown;
  return j;
}

side side_from(const nlohmann::json& j) {
  side s;
  for (const auto& e : j.at("events"))
    s.events.push_back({e.at("t").get<double>(), e.at("type").get<std::string>()});
  if (j.contains("shutdown")) s.shutdown = j.at("shutdown").get<double>();
  return s;
}

}  // namespace

void save(const play_record& r, const std::filesystem::path& file) {
  nlohmann::json j;
  j["seed"] = r.sc.seed;
  j["scenario"] = describe(r.sc);
  j["upsmon_version"] = r.upsmon_version;
  j["t0"] = r.t0;
  j["upsmon"] = to_json(r.upsmon);
  j["agent"] = to_json(r.agent);
  j["statuses"] = nlohmann::json::array();
  for (const auto& s : r.p.statuses)
    j["statuses"].push_back({{"t", s.t}, {"status", s.status}});
  j["faults"] = nlohmann::json::array();
  for (const auto& f : r.p.faults)
    j["faults"].push_back({{"start", f.start}, {"end", f.end}, {"kind", name_of(f.kind)}});
  j["broker_drops"] = nlohmann::json::array();
  for (const auto& d : r.p.broker_drops)
    j["broker_drops"].push_back({{"start", d.start}, {"end", d.end}, {"why", d.why}});
  j["error"] = r.error;
  std::ofstream(file) << j.dump(1) << "\n";
}

play_record load(const std::filesystem::path& file) {
  const auto j = nlohmann::json::parse(test::read_file(file));
  play_record r;
  r.sc = generate(j.at("seed").get<std::uint64_t>());
  r.upsmon_version = j.at("upsmon_version").get<std::string>();
  r.t0 = j.at("t0").get<double>();
  r.upsmon = side_from(j.at("upsmon"));
  r.agent = side_from(j.at("agent"));
  for (const auto& s : j.at("statuses"))
    r.p.statuses.push_back({s.at("t").get<double>(), s.at("status").get<std::string>()});
  for (const auto& f : j.at("faults")) {
    played::fault x{f.at("start").get<double>(), f.at("end").get<double>(),
                    step_kind::driver_stall};
    for (auto k : {step_kind::driver_stall, step_kind::driver_death, step_kind::upsd_stop,
                   step_kind::bridge_death, step_kind::broker_death})
      if (f.at("kind").get<std::string>() == name_of(k)) x.kind = k;
    r.p.faults.push_back(x);
  }
  for (const auto& d : j.value("broker_drops", nlohmann::json::array())) {
    r.p.broker_drops.push_back(
        {d.at("start").get<double>(), d.at("end").get<double>(), d.at("why").get<std::string>()});
  }
  r.error = j.at("error").get<std::string>();
  return r;
}

}  // namespace nutmqtt::differential
