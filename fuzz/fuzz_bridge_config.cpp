// The bridge's YAML configuration, as --check-config and the start read it.

#include <cstddef>
#include <cstdint>
#include <string>

#include "bridge/bridge_config.hpp"
#include "common/config_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto c = nutmqtt::bridge::parse_bridge_config(text, "fuzz.yaml");
    (void)nutmqtt::bridge::to_yaml(c);
  } catch (const nutmqtt::common::config_error& e) {
    (void)e.what();  // refused with the problems listed: what bad input must give
  }
  return 0;
}
