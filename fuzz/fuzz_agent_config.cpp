// The shutdown agent's YAML configuration, as --check-config and the start read it.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/config_reader.hpp"
#include "shutdown-agent/agent_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    nutmqtt::common::config_source src("fuzz.yaml");
    auto root = src.load_string(text);
    auto c = nutmqtt::agent::read_agent_config(src, root);
    (void)nutmqtt::agent::to_yaml(c);
  } catch (const nutmqtt::common::config_error& e) {
    (void)e.what();  // refused with the problems listed: what bad input must give
  }
  return 0;
}
