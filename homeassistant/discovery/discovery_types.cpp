#include "homeassistant/discovery/discovery_types.hpp"

#include "common/topics.hpp"

namespace nutmqtt::ha {

std::optional<std::string> discovery_settings_problem(const discovery_settings& settings) {
  if (auto why = common::base_topic_problem(settings.prefix)) return "prefix: " + *why;
  if (auto why = common::base_topic_problem(settings.status_topic)) return "status_topic: " + *why;
  return std::nullopt;
}

}  // namespace nutmqtt::ha
