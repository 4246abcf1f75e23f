#include "fake_upsd/misbehaviour.hpp"

#include <array>
#include <utility>

namespace nutmqtt::fake_upsd {
namespace {

constexpr std::array<std::pair<misbehaviour, std::string_view>, 9> kNames = {{
    {misbehaviour::normal, "normal"},
    {misbehaviour::garbage, "garbage"},
    {misbehaviour::stall, "stall"},
    {misbehaviour::long_line, "long_line"},
    {misbehaviour::close_on_accept, "close_on_accept"},
    {misbehaviour::slow, "slow"},
    {misbehaviour::huge_list, "huge_list"},
    {misbehaviour::new_names, "new_names"},
    {misbehaviour::bad_list_var, "bad_list_var"},
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

std::string huge_var_list(std::string_view ups, std::size_t lines) {
  const std::string head = "VAR " + std::string(ups) + " ";
  std::string out = "BEGIN LIST VAR " + std::string(ups) + "\n";
  out.reserve(lines * (head.size() + 32));
  for (std::size_t i = 0; i < lines; ++i) {
    out += head;
    out += "hostile.var";
    out += std::to_string(i);
    out += " \"";
    out += std::to_string(i);
    out += "\"\n";
  }
  out += "END LIST VAR " + std::string(ups) + "\n";
  return out;
}

std::string ghost_ups_list(std::uint64_t first, std::size_t count) {
  std::string out = "BEGIN LIST UPS\n";
  for (std::size_t i = 0; i < count; ++i) {
    out += "UPS ";
    out += kGhostPrefix;
    out += std::to_string(first + i);
    out += " \"Invented\"\n";
  }
  out += "END LIST UPS\n";
  return out;
}

}  // namespace nutmqtt::fake_upsd
