#include "common/duration.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace nutmqtt::common {
namespace {

struct unit {
  std::string_view suffix;
  std::int64_t ms;
};

// Longest suffixes first so that "ms" is not read as "m" followed by garbage.
constexpr unit kUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::optional<std::int64_t> parse_whole(std::string_view s) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::optional<duration> parse_duration(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  for (const auto& u : kUnits) {
    if (text.size() > u.suffix.size() && text.ends_with(u.suffix)) {
      auto number = trim(text.substr(0, text.size() - u.suffix.size()));
      auto whole = parse_whole(number);
      // Guard the multiplication: a year in milliseconds is far below this limit.
      if (!whole || *whole > INT64_MAX / u.ms / 1000) return std::nullopt;
      return duration{*whole * u.ms};
    }
  }
  if (auto whole = parse_whole(text)) {
    if (*whole > INT64_MAX / 1'000'000) return std::nullopt;
    return duration{*whole * 1000};
  }
  // A fraction of a second: digits, one dot, digits; nothing else (no exponents, no signs).
  auto dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size() ||
      text.find_first_not_of("0123456789.") != std::string_view::npos ||
      text.find('.', dot + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  double seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(seconds) ||
      seconds < 0 || seconds > 1e12) {
    return std::nullopt;
  }
  return duration{static_cast<std::int64_t>(std::llround(seconds * 1000.0))};
}

std::string format_duration(duration d) {
  const auto ms = d.count();
  if (ms != 0) {
    for (auto it = std::rbegin(kUnits); it != std::rend(kUnits); ++it) {
      if (ms % it->ms == 0) return std::to_string(ms / it->ms) + std::string(it->suffix);
    }
  }
  return std::to_string(ms) + "ms";
}

}  // namespace nutmqtt::common
