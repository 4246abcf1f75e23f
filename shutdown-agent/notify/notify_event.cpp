#include "shutdown-agent/notify/notify_event.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/notify_wording.hpp"

namespace nutmqtt::agent {
namespace {

void add_once(std::vector<std::string>& values, const std::string& value) {
  if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end()) {
    values.push_back(value);
  }
}

std::string joined(const std::vector<std::string>& values, std::string_view separator) {
  std::string out;
  for (const auto& v : values)
    out += (out.empty() ? "" : std::string(separator)) + v;
  return out;
}

}  // namespace

std::string notify_message(std::string_view type, std::string_view ups) {
  if (auto format = common::default_notify_format(type)) {
    // ALARM's text is not known here: upsmon writes "n/a" when the driver gives none.
    return common::fill_notify_format(*format, ups, type == "ALARM" ? "n/a" : "");
  }
  return fmt::format("UPS {}: {}", ups, type);
}

script_environment environment_of(const notify_event& e, const message_wording& wording) {
  std::vector<std::string> upses, types, messages;
  add_once(upses, e.ups);
  add_once(types, e.type);
  add_once(messages, wording(e.type, e.ups));
  for (const auto& j : e.joined) {
    add_once(upses, j.ups);
    add_once(types, j.type);
    add_once(messages, wording(j.type, j.ups));
  }
  return {joined(upses, ","), joined(types, ","), joined(messages, ".\t")};
}

}  // namespace nutmqtt::agent
