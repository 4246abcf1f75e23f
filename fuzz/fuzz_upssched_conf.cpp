// An upssched.conf imported by the shutdown agent (upssched_conf: or --import-upssched).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shutdown-agent/upsmon/upssched_conf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto imported = nutmqtt::agent::parse_upssched_conf(text, "upssched.conf");
  for (const auto& p : imported.problems)
    (void)p.line;
  return 0;
}
