#include "shutdown-agent/notify/notify_settings.hpp"

#include <fmt/format.h>

#include "common/event_types.hpp"
#include "common/notify_wording.hpp"
#include "shutdown-agent/logic/rule.hpp"
#include "shutdown-agent/notify/notify_event.hpp"

namespace nutmqtt::agent {
namespace {

struct flag_name {
  std::string_view name;
  notify_flag flag;
};
constexpr flag_name kFlags[] = {{"SYSLOG", kNotifySyslog},
                                {"WALL", kNotifyWall},
                                {"EXEC", kNotifyExec},
                                {"IGNORE", kNotifyIgnore}};

}  // namespace

std::optional<std::uint8_t> parse_notify_flags(std::string_view text, std::string& why) {
  std::uint8_t flags = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t plus = std::min(text.find('+', start), text.size());
    const std::string_view word = text.substr(start, plus - start);
    const flag_name* found = nullptr;
    for (const auto& f : kFlags) {
      if (f.name == word) found = &f;
    }
    if (found == nullptr) {
      why = fmt::format(
          "\"{}\" is not a notify flag; use SYSLOG, WALL and EXEC joined by +, "
          "or IGNORE",
          word);
      return std::nullopt;
    }
    flags = static_cast<std::uint8_t>(flags | found->flag);
    start = plus + 1;
  }
  if ((flags & kNotifyIgnore) != 0 && flags != kNotifyIgnore) {
    why = fmt::format("\"{}\": IGNORE stands alone (it means no SYSLOG, WALL or EXEC)", text);
    return std::nullopt;
  }
  return flags;
}

std::string format_notify_flags(std::uint8_t flags) {
  std::string out;
  for (const auto& f : kFlags) {
    if ((flags & f.flag) != 0) out += fmt::format("{}{}", out.empty() ? "" : "+", f.name);
  }
  return out;
}

std::uint8_t notify_settings::flags_for(std::string_view type) const {
  if (auto it = flags.find(std::string(type)); it != flags.end()) return it->second;
  return static_cast<std::uint8_t>((syslog ? kNotifySyslog : 0) | (wall ? kNotifyWall : 0));
}

std::string notify_settings::message(const std::string& type, const std::string& ups,
                                     std::string_view detail) const {
  std::string shown = common::notify_printable(detail);
  if (type == "ALARM" && shown.empty()) shown = "n/a";
  if (auto it = messages.find(type); it != messages.end()) {
    return common::fill_notify_format(it->second, common::notify_printable(ups), shown);
  }
  if (auto format = common::default_notify_format(type)) {
    return common::fill_notify_format(*format, common::notify_printable(ups), shown);
  }
  return notify_message(type, common::notify_printable(ups));
}

std::vector<std::string_view> notify_types() {
  std::vector<std::string_view> out;
  for (auto t : common::all_event_types())
    out.push_back(common::event_name(t));
  out.push_back(kShutdownNotify);
  return out;
}

}  // namespace nutmqtt::agent
