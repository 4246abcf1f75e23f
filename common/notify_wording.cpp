#include "common/notify_wording.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "common/event_types.hpp"

namespace nutmqtt::common {
namespace {

// In event_type order, then SHUTDOWN. Wording from upsmon's notifylist (NUT 2.8.3+ for the
// types after NOCOMM).
constexpr std::array<std::pair<std::string_view, std::string_view>, kEventTypeCount + 1> kFormats =
    {{
        {"ONLINE", "UPS %s on line power"},
        {"ONBATT", "UPS %s on battery"},
        {"LOWBATT", "UPS %s battery is low"},
        {"FSD", "UPS %s: forced shutdown in progress"},
        {"COMMOK", "Communications with UPS %s established"},
        {"COMMBAD", "Communications with UPS %s lost"},
        {"NOCOMM", "UPS %s is unavailable"},
        {"REPLBATT", "UPS %s battery needs to be replaced"},
        {"CAL", "UPS %s: calibration in progress"},
        {"NOTCAL", "UPS %s: calibration finished"},
        {"OFF", "UPS %s: administratively OFF or asleep"},
        {"NOTOFF", "UPS %s: no longer administratively OFF or asleep"},
        {"BYPASS", "UPS %s: on bypass (powered, not protecting)"},
        {"NOTBYPASS", "UPS %s: no longer on bypass"},
        {"ECO", "UPS %s: in ECO mode (as defined by vendor)"},
        {"NOTECO", "UPS %s: no longer in ECO mode"},
        {"ALARM", "UPS %s: one or more active alarms: [%s]"},
        {"NOTALARM", "UPS %s is no longer in an alarm state (no active alarms)"},
        {"OVER", "UPS %s: overloaded"},
        {"NOTOVER", "UPS %s: no longer overloaded"},
        {"TRIM", "UPS %s: trimming incoming voltage"},
        {"NOTTRIM", "UPS %s: no longer trimming incoming voltage"},
        {"BOOST", "UPS %s: boosting incoming voltage"},
        {"NOTBOOST", "UPS %s: no longer boosting incoming voltage"},
        {"OTHER", "UPS %s: has at least one unclassified status token: [%s]"},
        {"NOTOTHER", "UPS %s has no unclassified status tokens anymore"},
        {"SHUTDOWN", "Auto logout and shutdown proceeding"},
    }};
// A table one entry short would compile, its last entries empty.
static_assert(kFormats.back().first == "SHUTDOWN" &&
                  std::none_of(kFormats.begin(), kFormats.end(),
                               [](const auto& f) { return f.first.empty() || f.second.empty(); }),
              "a wording for every event_type, then SHUTDOWN");

}  // namespace

std::optional<std::string_view> default_notify_format(std::string_view type) {
  for (const auto& [name, format] : kFormats) {
    if (name == type) return format;
  }
  return std::nullopt;
}

int notify_format_slots(std::string_view type) {
  return type == "ALARM" || type == "OTHER" ? 2 : 1;
}

std::optional<std::string> notify_format_problem(std::string_view format, int slots) {
  int found = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (i + 1 < format.size() && format[i + 1] == '%') {
      ++i;
      continue;
    }
    if (i + 1 >= format.size() || format[i + 1] != 's') {
      return fmt::format(
          "\"{}\": only %s (and %% for a percent sign) may follow a %, at character {}", format,
          i + 1);
    }
    ++i;
    if (++found > slots) {
      return fmt::format("\"{}\" has {} %s; this type takes at most {} ({})", format, found, slots,
                         slots == 2 ? "the UPS, then the detail" : "the UPS");
    }
  }
  return std::nullopt;
}

std::string fill_notify_format(std::string_view format, std::string_view first,
                               std::string_view second) {
  std::string out;
  out.reserve(format.size() + first.size() + second.size());
  int slot = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size() && format[i + 1] == '%') {
      out += '%';
      ++i;
    } else if (format[i] == '%' && i + 1 < format.size() && format[i + 1] == 's') {
      out += slot == 0 ? first : slot == 1 ? second : std::string_view();
      ++slot;
      ++i;
    } else {
      out += format[i];
    }
  }
  return out;
}

std::string notify_printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = ' ';
  }
  return out;
}

}  // namespace nutmqtt::common
