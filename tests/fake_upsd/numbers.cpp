#include "fake_upsd/numbers.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace nutmqtt::fake_upsd {

std::string format_fixed(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0.0) rounded = 0.0;  // turns -0.0 into 0.0
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), rounded,
                                 std::chars_format::fixed, decimals);
  if (ec != std::errc{}) return "0";
  return std::string(buf.data(), end);
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace nutmqtt::fake_upsd
