#include "bridge/event_wording.hpp"

#include <array>

namespace nutmqtt::bridge {
namespace {

// In event_type order. "%s" marks the UPS id, then the detail. Wording from upsmon's
// notifylist (NUT 2.8.3+ for the types after NOCOMM).
constexpr std::array<std::string_view, common::kEventTypeCount> kTemplates = {
    "UPS %s on line power",
    "UPS %s on battery",
    "UPS %s battery is low",
    "UPS %s: forced shutdown in progress",
    "Communications with UPS %s established",
    "Communications with UPS %s lost",
    "UPS %s is unavailable",
    "UPS %s battery needs to be replaced",
    "UPS %s: calibration in progress",
    "UPS %s: calibration finished",
    "UPS %s: administratively OFF or asleep",
    "UPS %s: no longer administratively OFF or asleep",
    "UPS %s: on bypass (powered, not protecting)",
    "UPS %s: no longer on bypass",
    "UPS %s: in ECO mode (as defined by vendor)",
    "UPS %s: no longer in ECO mode",
    "UPS %s: one or more active alarms: [%s]",
    "UPS %s is no longer in an alarm state (no active alarms)",
    "UPS %s: overloaded",
    "UPS %s: no longer overloaded",
    "UPS %s: trimming incoming voltage",
    "UPS %s: no longer trimming incoming voltage",
    "UPS %s: boosting incoming voltage",
    "UPS %s: no longer boosting incoming voltage",
    "UPS %s: has at least one unclassified status token: [%s]",
    "UPS %s has no unclassified status tokens anymore",
};

std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = ' ';
  }
  return out;
}

// Plain substitution, never printf: ids and alarm texts may contain '%'.
std::string fill_slots(std::string_view pattern, std::string_view first, std::string_view second) {
  std::string out;
  out.reserve(pattern.size() + first.size() + second.size());
  int slot = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '%' && i + 1 < pattern.size() && pattern[i + 1] == 's') {
      out += slot++ == 0 ? first : second;
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace

std::string upsmon_message(common::event_type type, std::string_view ups_id,
                           std::string_view detail) {
  std::string shown = printable(detail);
  if (type == common::event_type::alarm && shown.empty()) shown = "n/a";
  return fill_slots(kTemplates[static_cast<std::size_t>(type)], ups_id, shown);
}

}  // namespace nutmqtt::bridge
