#include "differential/scenario.hpp"

#include <array>

#include <fmt/format.h>

namespace nutmqtt::differential {
namespace {

// splitmix64: tiny, and the same sequence everywhere (std's distributions are not).
class rng {
 public:
  explicit rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // In [lo, hi].
  int between(int lo, int hi) {
    return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(int percent) { return between(1, 100) <= percent; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[next() % N];
  }

 private:
  std::uint64_t state_;
};

// Tokens besides the line state, with the percent chance of each being in a status. LB and
// FSD end most scenarios (both sides shut down), so they come rarely enough for the steps
// before them to matter.
struct token_chance {
  const char* token;
  int percent_on_battery;
  int percent_on_line;
};
constexpr std::array<token_chance, 12> kTokens = {{
    {"LB", 30, 8},
    {"FSD", 4, 2},
    {"RB", 8, 8},
    {"CAL", 10, 10},
    {"OFF", 6, 8},
    {"BYPASS", 6, 8},
    {"TRIM", 4, 6},
    {"BOOST", 4, 6},
    {"OVER", 6, 6},
    {"ALARM", 6, 6},
    {"CHRG", 2, 20},
    {"DISCHRG", 40, 2},
}};
constexpr std::array<const char*, 3> kUnknownTokens = {"XYZZY", "HB", "ECO"};

std::string random_status(rng& r) {
  const int line = r.between(1, 100);
  const bool on_battery = line > 55 && line <= 95;
  std::string status = line <= 55 ? "OL" : (on_battery ? "OB" : "");
  for (const auto& t : kTokens) {
    if (r.chance(on_battery ? t.percent_on_battery : t.percent_on_line)) {
      status += status.empty() ? "" : " ";
      status += t.token;
    }
  }
  if (r.chance(5)) {
    status += status.empty() ? "" : " ";
    status += r.pick(kUnknownTokens);
  }
  // upsd has nothing to say about an empty status; NUT drivers say at least something.
  return status.empty() ? "ALARM" : status;
}

step random_step(rng& r, const settings& c) {
  const int roll = r.between(1, 100);
  step s;
  if (roll <= 60) {
    s.kind = step_kind::status;
    s.status = random_status(r);
    s.hold_s = r.between(kMinHoldSeconds, 6);
  } else if (roll <= 70) {
    // Well inside MAXAGE (nobody notices: dummy-ups's data may already be 2 s old when it
    // stops, and a stall ending near MAXAGE is a DATA-STALE blip that only the side polling at
    // that instant sees) or long past it (DATA-STALE, maybe deadtime).
    s.kind = step_kind::driver_stall;
    s.hold_s = r.chance(30) ? r.between(1, c.maxage_s - 3)
                            : r.between(c.maxage_s + 2, c.maxage_s + c.deadtime_s + 4);
  } else if (roll <= 77) {
    s.kind = step_kind::driver_death;
    s.hold_s = r.between(kMinHoldSeconds, c.deadtime_s + 4);
  } else if (roll <= 84) {
    s.kind = step_kind::upsd_stop;
    s.hold_s = r.between(kMinHoldSeconds, c.deadtime_s + 4);
  } else {
    // The agent cannot tell a silent bridge from a silent UPS: outages of the MQTT side stay
    // well inside deadtime, where both must still agree.
    s.kind = roll <= 92 ? step_kind::bridge_death : step_kind::broker_death;
    s.hold_s = r.between(2, c.deadtime_s - 3);
    if (r.chance(40)) s.status = random_status(r);
  }
  return s;
}

}  // namespace

scenario generate(std::uint64_t seed) {
  rng r(seed);
  scenario sc;
  sc.seed = seed;
  constexpr std::array<int, 3> kDeadtimes = {6, 8, 10};
  constexpr std::array<int, 3> kHostsyncs = {2, 3, 5};
  constexpr std::array<int, 3> kFinalDelays = {0, 1, 2};
  sc.config.deadtime_s = r.pick(kDeadtimes);
  sc.config.hostsync_s = r.pick(kHostsyncs);
  sc.config.finaldelay_s = r.pick(kFinalDelays);
  const int count = r.between(4, 8);
  for (int i = 0; i < count; ++i)
    sc.steps.push_back(random_step(r, sc.config));
  // An `OB LB` blip shorter than HOSTSYNC, which a secondary must ride out (the primary would
  // have set FSD had it been real): in one scenario of four whose HOSTSYNC leaves room for one
  // held the minimum. Chosen from the seed, not drawn, so that every other scenario stays as
  // it was.
  if (seed % 4 == 3 && sc.config.hostsync_s > kMinHoldSeconds) {
    const auto at = sc.steps.begin() + static_cast<std::ptrdiff_t>(seed % 3);
    sc.steps.insert(at, {step{step_kind::status, kMinHoldSeconds, "OB LB DISCHRG"},
                         step{step_kind::status, kMinHoldSeconds + 1, "OB DISCHRG"}});
  }
  return sc;
}

const char* name_of(step_kind k) {
  switch (k) {
    case step_kind::status:
      return "status";
    case step_kind::driver_stall:
      return "driver_stall";
    case step_kind::driver_death:
      return "driver_death";
    case step_kind::upsd_stop:
      return "upsd_stop";
    case step_kind::bridge_death:
      return "bridge_death";
    case step_kind::broker_death:
      return "broker_death";
  }
  return "?";
}

std::string describe(const step& s) {
  if (s.kind == step_kind::status) return fmt::format("status \"{}\" {}s", s.status, s.hold_s);
  if (s.status.empty()) return fmt::format("{} {}s", name_of(s.kind), s.hold_s);
  return fmt::format("{} {}s (UPS meanwhile \"{}\")", name_of(s.kind), s.hold_s, s.status);
}

std::string describe(const scenario& s) {
  std::string out = fmt::format("seed {}: deadtime {}s, hostsync {}s, finaldelay {}s", s.seed,
                                s.config.deadtime_s, s.config.hostsync_s, s.config.finaldelay_s);
  for (const auto& st : s.steps)
    out += "; " + describe(st);
  return out;
}

int planned_seconds(const scenario& s) {
  int total = 0;
  for (const auto& st : s.steps)
    total += st.hold_s + (st.kind == step_kind::status ? 0 : kRecoverySeconds);
  return total;
}

int tail_seconds(const settings& s) {
  // A UPS left silent on battery by the last step: MAXAGE before upsd says so, deadtime, the
  // secondary's HOSTSYNC wait, FINALDELAY, and a few polls of slack.
  return s.maxage_s + s.deadtime_s + s.hostsync_s + s.finaldelay_s + 4;
}

}  // namespace nutmqtt::differential
