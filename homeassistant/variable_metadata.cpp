#include "homeassistant/variable_metadata.hpp"

#include <charconv>
#include <cmath>

#include "common/ascii.hpp"
#include "homeassistant/variable_profiles.hpp"

namespace nutmqtt::ha {
namespace detail {

variable_metadata make_metadata(std::string name, const profile& p) {
  variable_metadata m;
  m.name = std::move(name);
  m.device_class = p.device_class;
  m.unit = p.unit;
  m.state_class = p.state_class;
  m.diagnostic = p.diagnostic;
  m.enabled_by_default = p.enabled;
  if (p.precision >= 0) m.display_precision = p.precision;
  m.icon = p.icon;
  m.numeric = p.numeric;
  m.known = true;
  return m;
}

}  // namespace detail

namespace {

// "experimental.output.energy" -> "Experimental output energy".
std::string humanize(std::string_view nut_name) {
  std::string out;
  for (char c : nut_name) {
    out.push_back(c == '.' || c == '_' ? ' ' : c);
  }
  if (!out.empty()) out[0] = common::ascii_upper(out[0]);
  return out;
}

void make_text(variable_metadata& m) {
  m.numeric = false;
  m.device_class.clear();
  m.unit.clear();
  m.state_class.clear();
  m.display_precision.reset();
}

}  // namespace

bool is_numeric_value(std::string_view value) {
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ')
    value.remove_suffix(1);
  if (value.empty()) return false;
  double parsed = 0;
  const auto* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, parsed);
  return ec == std::errc() && ptr == end && std::isfinite(parsed);
}

std::optional<variable_metadata> standard_variable(std::string_view nut_name) {
  if (auto fixed = detail::lookup_fixed_variable(nut_name)) return fixed;
  return detail::lookup_pattern_variable(nut_name);
}

variable_metadata describe_variable(std::string_view nut_name, std::string_view value) {
  const bool numeric_value = is_numeric_value(value);
  if (auto known = standard_variable(nut_name)) {
    if (known->numeric && !numeric_value) make_text(*known);
    return *known;
  }
  variable_metadata m;
  m.name = humanize(nut_name);
  m.diagnostic = true;
  m.enabled_by_default = false;
  if (numeric_value) {
    m.numeric = true;
    m.state_class = "measurement";
  }
  return m;
}

}  // namespace nutmqtt::ha
