// An event as any MQTT client may publish it on <base>/<ups>/event.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/event_message.hpp"
#include "common/loggable.hpp"
#include "common/time_format.hpp"

using namespace nutmqtt::common;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto e = parse_event_message(text);
  if (!e) {
    (void)loggable(e.error);
    return 0;
  }
  // What was accepted can be written again and reads back the same.
  auto again = parse_event_message(to_json(*e));
  if (!again || again->seq != e->seq || again->time != e->time || again->ups != e->ups) {
    __builtin_trap();
  }
  (void)format_time(e->time);
  return 0;
}
