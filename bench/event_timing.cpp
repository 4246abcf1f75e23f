#include "bench/event_timing.hpp"

#include <stdexcept>
#include <string>

#include "bench/interrupt.hpp"
#include "support/child_process.hpp"

namespace nutmqtt::bench {
namespace {

using namespace std::chrono_literals;
using clock = topic_tally::clock;

struct pending {
  clock::time_point at;
  std::string ups;
  std::string event;
};

void flip(const served_ups& u, const std::string& status) {
  auto r = test::run({"upsrw", "-s", "ups.status=" + status, "-u", "admin", "-p", "adminpw",
                      u.name + "@127.0.0.1:" + std::to_string(u.port)},
                     10s);
  if (r.status != 0) throw std::runtime_error("upsrw failed: " + r.output);
}

}  // namespace

std::vector<std::optional<double>> time_events(const std::vector<served_ups>& targets,
                                               const flip_plan& plan, topic_tally& tally,
                                               std::mt19937_64& rng) {
  std::uniform_int_distribution<long> gap_ms(plan.min_gap.count(), plan.max_gap.count());
  std::vector<pending> flips;
  for (int round = 0; round < plan.rounds; ++round) {
    for (const std::string status : {"OB", "OL"}) {
      for (const auto& u : targets) {
        pause_for(std::chrono::milliseconds(gap_ms(rng)));
        flips.push_back({clock::now(), u.name, status == "OB" ? "ONBATT" : "ONLINE"});
        flip(u, status);
      }
    }
  }
  // The first event of the right kind after the flip: the next flip of the same UPS to the
  // same status comes a whole round later.
  auto arrival = [&](const pending& f) -> std::optional<clock::time_point> {
    for (const auto& e : tally.events()) {
      if (e.ups == f.ups && e.type == f.event && e.at >= f.at) return e.at;
    }
    return std::nullopt;
  };
  if (flips.empty()) return {};
  wait_until([&] { return arrival(flips.back()).has_value(); }, 15s);
  pause_for(1s);
  std::vector<std::optional<double>> out;
  for (const auto& f : flips) {
    auto at = arrival(f);
    out.push_back(at ? std::optional(std::chrono::duration<double>(*at - f.at).count())
                     : std::nullopt);
  }
  return out;
}

}  // namespace nutmqtt::bench
