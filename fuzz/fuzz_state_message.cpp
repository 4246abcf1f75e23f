// A state as any MQTT client may publish it on <base>/<ups>/state.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/loggable.hpp"
#include "common/state_message.hpp"
#include "common/time_format.hpp"

using namespace nutmqtt::common;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = parse_state_message(text);
  if (!s) {
    (void)loggable(s.error);
    return 0;
  }
  auto again = parse_state_message(to_json(*s));
  if (!again || again->time != s->time || again->since != s->since) __builtin_trap();
  (void)time_between(s->time, wall_clock::now());
  return 0;
}
