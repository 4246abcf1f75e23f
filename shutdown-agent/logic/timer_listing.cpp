#include "shutdown-agent/logic/timer_listing.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace nutmqtt::agent {
namespace {

std::string or_quotes(const std::string& value) {
  return value.empty() ? std::string("\"\"") : value;
}

}  // namespace

std::string timer_listing(const std::vector<running_timer>& timers, time_point now,
                          common::wall_clock::time_point wall_now, const message_wording& wording) {
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  std::string out;
  for (const auto& t : timers) {
    const auto left = std::max(t.deadline - now, clock::duration::zero());
    // Whole seconds, rounded up: a timer with 0.2 s to go has not fired yet.
    const auto left_s = duration_cast<seconds>(left + seconds(1) - clock::duration(1)).count();
    const auto fires =
        duration_cast<seconds>(
            (wall_now + duration_cast<common::wall_clock::duration>(left)).time_since_epoch())
            .count();
    const auto env = environment_of(t.cause, wording);
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", t.name, fires, left_s, or_quotes(env.notifytype),
                       or_quotes(env.upsname), or_quotes(env.notifymsg));
  }
  return out;
}

}  // namespace nutmqtt::agent
