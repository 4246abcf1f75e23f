#pragma once
// What a server saw, for tests to assert on: connections accepted, requests per kind, and the
// latest requests themselves (bounded, with passwords masked).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fake_upsd/request_parser.hpp"

namespace nutmqtt::fake_upsd {

// "GET VAR", "LIST UPS", "SET VAR", "USERNAME", ... (upper case); "(empty)" for an empty line and
// "(malformed)" for a request upsd could not parse.
std::string request_kind(const request& r);

// The request as one line, words quoted where needed; a PASSWORD's argument is masked.
std::string request_line(const request& r);

class request_stats {
 public:
  explicit request_stats(std::size_t log_limit = 10'000) : log_limit_(log_limit) {}

  void connection_accepted() { ++connections_; }
  void record(const request& r);
  void reset();

  std::uint64_t connections() const { return connections_; }
  std::uint64_t count(std::string_view kind) const;
  std::uint64_t total() const { return total_; }
  const std::map<std::string, std::uint64_t, std::less<>>& counts() const { return counts_; }
  // Oldest first; at most the log limit given at construction.
  std::vector<std::string> log() const { return {log_.begin(), log_.end()}; }

 private:
  std::size_t log_limit_;
  std::uint64_t connections_ = 0;
  std::uint64_t total_ = 0;
  std::map<std::string, std::uint64_t, std::less<>> counts_;
  std::deque<std::string> log_;
};

}  // namespace nutmqtt::fake_upsd
