#include "common/ups_status.hpp"

#include <algorithm>
#include <array>

namespace nutmqtt::common {

std::vector<std::string> split_status(std::string_view status) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < status.size()) {
    while (i < status.size() && (status[i] == ' ' || status[i] == '\t'))
      ++i;
    std::size_t start = i;
    while (i < status.size() && status[i] != ' ' && status[i] != '\t')
      ++i;
    if (i > start) {
      std::string token(status.substr(start, i - start));
      if (std::find(tokens.begin(), tokens.end(), token) == tokens.end()) {
        tokens.push_back(std::move(token));
      }
    }
  }
  return tokens;
}

bool has_token(const std::vector<std::string>& tokens, std::string_view token) {
  return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

bool only_wait(const std::vector<std::string>& tokens) {
  return tokens.size() == 1 && tokens.front() == "WAIT";
}

bool is_known_token(std::string_view token) {
  static constexpr std::array<std::string_view, 19> kKnown = {
      "OL",   "OB",   "LB",    "HB",  "RB",    "CHRG", "DISCHRG", "BYPASS", "CAL", "OFF",
      "OVER", "TRIM", "BOOST", "FSD", "ALARM", "ECO",  "HE",      "TEST",   "WAIT"};
  return std::find(kKnown.begin(), kKnown.end(), token) != kKnown.end();
}

}  // namespace nutmqtt::common
