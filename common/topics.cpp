#include "common/topics.hpp"

#include <fmt/format.h>

namespace nutmqtt::common {

bool is_topic_level(std::string_view level) {
  if (level.empty()) return false;
  for (char c : level) {
    if (c < ' ' || c > '~' || c == '/' || c == '+' || c == '#') return false;
  }
  return true;
}

std::optional<std::string> base_topic_problem(std::string_view base) {
  if (base.empty()) return "must not be empty";
  if (base.front() == '/' || base.back() == '/') return "must not start or end with '/'";
  if (base.front() == '$') return "must not start with '$' (reserved by brokers)";
  std::size_t start = 0;
  while (start <= base.size()) {
    auto end = base.find('/', start);
    if (end == std::string_view::npos) end = base.size();
    if (!is_topic_level(base.substr(start, end - start))) {
      return "each level must be non-empty printable text without '+' or '#'";
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::string topic_scheme::ups_leaf(std::string_view ups, std::string_view leaf) const {
  return fmt::format("{}/{}/{}", base_, ups, leaf);
}

std::string topic_scheme::var(std::string_view ups, std::string_view variable) const {
  return fmt::format("{}/{}/var/{}", base_, ups, variable);
}

std::string topic_scheme::cmd_set(std::string_view ups, std::string_view variable) const {
  return fmt::format("{}/{}/cmd/set/{}", base_, ups, variable);
}

std::string topic_scheme::availability_by(std::string_view ups, std::string_view bridge) const {
  return fmt::format("{}/{}/availability/{}", base_, ups, bridge);
}

std::string topic_scheme::bridge_availability(std::string_view bridge) const {
  return fmt::format("{}/_bridge/{}/availability", base_, bridge);
}

std::string topic_scheme::bridge_info(std::string_view bridge) const {
  return fmt::format("{}/_bridge/{}/info", base_, bridge);
}

std::string topic_scheme::agent_state(std::string_view agent) const {
  return fmt::format("{}/_agent/{}/state", base_, agent);
}

std::string topic_scheme::agent_event(std::string_view agent) const {
  return fmt::format("{}/_agent/{}/event", base_, agent);
}

std::string topic_scheme::agent_sync(std::string_view agent) const {
  return fmt::format("{}/_agent/{}/sync", base_, agent);
}

std::string topic_scheme::every(std::string_view leaf) const {
  return fmt::format("{}/+/{}", base_, leaf);
}

std::string topic_scheme::every_bridge_availability() const {
  return fmt::format("{}/_bridge/+/availability", base_);
}

std::string topic_scheme::every_bridge_info() const {
  return fmt::format("{}/_bridge/+/info", base_);
}

std::optional<std::string> topic_scheme::availability_by_bridge(const ups_topic& t) {
  constexpr std::string_view prefix = "availability/";
  if (t.ups.starts_with('_') || !t.leaf.starts_with(prefix)) return std::nullopt;
  auto bridge = t.leaf.substr(prefix.size());
  if (!is_topic_level(bridge)) return std::nullopt;
  return bridge;
}

std::string topic_scheme::every_availability_by() const {
  return fmt::format("{}/+/availability/+", base_);
}

std::string topic_scheme::every_agent_state() const {
  return fmt::format("{}/_agent/+/state", base_);
}

std::string topic_scheme::every_command() const {
  return fmt::format("{}/+/cmd/#", base_);
}

std::optional<ups_topic> topic_scheme::parse(std::string_view topic) const {
  if (topic.size() <= base_.size() + 1 || !topic.starts_with(base_) || topic[base_.size()] != '/') {
    return std::nullopt;
  }
  topic.remove_prefix(base_.size() + 1);
  auto slash = topic.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == topic.size()) {
    return std::nullopt;
  }
  return ups_topic{std::string(topic.substr(0, slash)), std::string(topic.substr(slash + 1))};
}

}  // namespace nutmqtt::common
