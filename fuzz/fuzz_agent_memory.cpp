// The agent's state file, read back at start: parsed, restored into the logic and the message
// guard (times turned from the wall clock to the steady clock), then written again.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/time_format.hpp"
#include "shutdown-agent/agent_memory.hpp"
#include "shutdown-agent/logic/agent_logic.hpp"
#include "shutdown-agent/logic/message_guard.hpp"

using namespace nutmqtt::agent;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto memory = parse_memory(text, "pi", false);
  if (!memory) return 0;
  const auto now = std::chrono::steady_clock::now();
  const auto wall_now = nutmqtt::common::wall_clock::now();
  agent_logic logic{agent_logic::settings{}};
  logic.restore(*memory, now, wall_now);
  message_guard guard{guard_settings{}};
  guard.restore(memory->guard);
  auto again = logic.memory(now, wall_now);
  again.guard = guard.save();
  (void)memory_json(again, "pi", false);
  return 0;
}
