#include "support/bridge_messages.hpp"

#include <fmt/format.h>

#include "common/event_message.hpp"
#include "common/state_message.hpp"
#include "common/ups_status.hpp"

namespace nutmqtt::test {

std::string bridge_event(common::event_type type, const std::string& ups, const std::string& status,
                         std::uint64_t seq, const std::string& boot) {
  common::event_message e;
  e.type = type;
  e.ups = ups;
  e.server = "127.0.0.1:3493";
  e.nut_name = "ups";
  e.status = status;
  e.message = "from the test";
  e.time = common::wall_clock::now();
  e.bridge = "home";
  e.seq = seq;
  e.boot = boot;
  return common::to_json(e);
}

std::string made_up_state(const std::string& ups, int i, const std::string& status) {
  common::state_message s;
  s.ups = ups;
  s.status = !status.empty() ? status : i % 2 == 0 ? "OB LB" : "FSD OL";
  s.flags = common::split_status(s.status);
  s.time = common::wall_clock::now();
  s.bridge = fmt::format("bridge{}", i % 97);
  s.boot = "b1";
  return common::to_json(s);
}

}  // namespace nutmqtt::test
