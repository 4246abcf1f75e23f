#include "fake_upsd/misbehaviour.hpp"

#include <array>
#include <utility>

namespace nutmqtt::fake_upsd {
namespace {

constexpr std::array<std::pair<misbehaviour, std::string_view>, 6> kNames = {{
    {misbehaviour::normal, "normal"},
    {misbehaviour::garbage, "garbage"},
    {misbehaviour::stall, "stall"},
    {misbehaviour::long_line, "long_line"},
    {misbehaviour::close_on_accept, "close_on_accept"},
    {misbehaviour::slow, "slow"},
}};

}  // namespace

std::string_view misbehaviour_name(misbehaviour m) {
  for (const auto& [value, name] : kNames) {
    if (value == m) return name;
  }
  return "normal";
}

std::optional<misbehaviour> parse_misbehaviour(std::string_view name) {
  std::string spelled(name);
  for (char& c : spelled) {
    if (c == '-') c = '_';
  }
  for (const auto& [value, known] : kNames) {
    if (known == spelled) return value;
  }
  return std::nullopt;
}

std::string garbage_line(random_source& random) {
  // Starting with a symbol guarantees it never reads as OK, ERR, VAR, BEGIN ... to a client.
  static constexpr std::string_view kFirst = "!$%&*+;<>?@^_`|~";
  static constexpr std::string_view kRest =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !$%&*+-./:;<=>?@^_|~";
  const std::size_t length = 8 + random.below(72);
  std::string line;
  line.push_back(kFirst[random.below(kFirst.size())]);
  while (line.size() < length)
    line.push_back(kRest[random.below(kRest.size())]);
  line.push_back('\n');
  return line;
}

std::string long_line() {
  std::string line;
  line.reserve(kLongLineBytes);
  static constexpr std::string_view kPattern = "0123456789abcdefghijklmnopqrstuvwxyz";
  while (line.size() < kLongLineBytes)
    line.push_back(kPattern[line.size() % kPattern.size()]);
  return line;
}

}  // namespace nutmqtt::fake_upsd
