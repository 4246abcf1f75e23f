#include "shutdown-agent/notify_event.hpp"

#include <fmt/format.h>

namespace nutmqtt::agent {

std::string notify_message(std::string_view type, std::string_view ups) {
  struct wording {
    std::string_view type;
    std::string_view text;  // {} is the UPS
  };
  static constexpr wording kWordings[] = {
      {"ONLINE", "UPS {} on line power"},
      {"ONBATT", "UPS {} on battery"},
      {"LOWBATT", "UPS {} battery is low"},
      {"FSD", "UPS {}: forced shutdown in progress"},
      {"COMMOK", "Communications with UPS {} established"},
      {"COMMBAD", "Communications with UPS {} lost"},
      {"SHUTDOWN", "Auto logout and shutdown proceeding"},
      {"REPLBATT", "UPS {} battery needs to be replaced"},
      {"NOCOMM", "UPS {} is unavailable"},
  };
  for (const auto& w : kWordings) {
    if (w.type == type) return fmt::format(fmt::runtime(w.text), ups);
  }
  return fmt::format("UPS {}: {}", ups, type);
}

}  // namespace nutmqtt::agent
