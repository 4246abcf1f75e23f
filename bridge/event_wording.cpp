#include "bridge/event_wording.hpp"

#include "common/notify_wording.hpp"

namespace nutmqtt::bridge {
namespace {

std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = ' ';
  }
  return out;
}

}  // namespace

std::string upsmon_message(common::event_type type, std::string_view ups_id,
                           std::string_view detail) {
  std::string shown = printable(detail);
  if (type == common::event_type::alarm && shown.empty()) shown = "n/a";
  return common::fill_notify_format(*common::default_notify_format(common::event_name(type)),
                                    ups_id, shown);
}

}  // namespace nutmqtt::bridge
