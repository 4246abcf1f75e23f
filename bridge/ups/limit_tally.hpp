#pragma once
// Counts how often one server ran into each of the bridge's limits, for the info topic, and
// says so in the log: the first time a limit is hit, then at most once per interval with the
// number of hits held back, so a hostile server sending the same flood every poll cannot fill
// the log.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/rate_limiter.hpp"

namespace nutmqtt::bridge {

class limit_tally {
 public:
  using clock = std::chrono::steady_clock;
  static constexpr std::chrono::minutes kLogInterval{10};

  // `where` names the server in log lines ("upsd at 10.0.0.5:3493").
  explicit limit_tally(std::string where) : where_(std::move(where)), log_(kLogInterval) {}

  // `limit` is the configuration key (`max_vars`); `what` says what happened, for the log.
  void hit(std::string_view limit, const std::string& what, clock::time_point now,
           std::uint64_t count = 1);
  // Hits per limit since the start.
  const std::map<std::string, std::uint64_t, std::less<>>& counts() const { return counts_; }

 private:
  std::string where_;
  common::rate_limiter log_;
  std::map<std::string, std::uint64_t, std::less<>> counts_;
};

}  // namespace nutmqtt::bridge
