#include "bridge/ups/event_wording.hpp"

#include "common/notify_wording.hpp"

namespace nutmqtt::bridge {
std::string upsmon_message(common::event_type type, std::string_view ups_id,
                           std::string_view detail) {
  std::string shown = common::notify_printable(detail);
  if (type == common::event_type::alarm && shown.empty()) shown = "n/a";
  return common::fill_notify_format(*common::default_notify_format(common::event_name(type)),
                                    ups_id, shown);
}

}  // namespace nutmqtt::bridge
