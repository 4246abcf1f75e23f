#include "bridge/ups/limit_tally.hpp"

#include <spdlog/spdlog.h>

#include "common/loggable.hpp"

namespace nutmqtt::bridge {

void limit_tally::hit(std::string_view limit, const std::string& what, clock::time_point now,
                      std::uint64_t count) {
  auto it = counts_.find(limit);
  if (it == counts_.end()) it = counts_.emplace(std::string(limit), 0).first;
  it->second += count;
  auto held_back = log_.allow(it->first, now);
  if (!held_back) return;
  spdlog::warn(
      "{}: {} (limit `limits.{}`); counted in the bridge's info topic, logged again at most "
      "every {} minutes{}",
      where_, common::loggable(what, 300), limit, kLogInterval.count(),
      *held_back > 0 ? fmt::format(" ({} more since the last line)", *held_back) : "");
}

}  // namespace nutmqtt::bridge
