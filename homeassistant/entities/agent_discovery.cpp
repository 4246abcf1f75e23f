#include "homeassistant/entities/agent_discovery.hpp"

#include <fmt/format.h>

#include "homeassistant/discovery/discovery_ids.hpp"
#include "homeassistant/discovery/discovery_render.hpp"
#include "homeassistant/entities/entity_model.hpp"

namespace nutmqtt::ha {
namespace {

using nlohmann::json;

// Jinja renders the JSON booleans of the agent's state as "True" / "False".
constexpr const char* kTrue = "True";
constexpr const char* kFalse = "False";

std::string field_template(std::string_view field) {
  return fmt::format("{{{{ value_json['{}'] }}}}", field);
}

device_config agent_device(const agent_identity& agent, const common::topic_scheme& topics) {
  const auto state = topics.agent_state(agent.id);
  device_config d;
  d.node_id = agent_node_id(agent.id);
  d.identifier = agent_device_identifier(agent.id);
  const auto slug = entity_slug(agent.id);
  d.entity_id_stem = "nutmqtt_agent" + (slug.empty() ? std::string() : "_" + slug);
  d.device = {{"identifiers", json::array({d.identifier})},
              {"name", "nutmqtt agent " + agent.id},
              {"manufacturer", "nutmqtt"},
              {"model", "nutmqtt-shutdown-agent"},
              {"sw_version", agent.version}};
  d.availability = json::array({{{"topic", state},
                                 {"value_template", field_template("online")},
                                 {"payload_available", kTrue},
                                 {"payload_not_available", kFalse}}});
  json shutdown_in = {{"name", "Shutdown in"},
                      {"state_topic", state},
                      {"value_template", field_template("shutdown_in")},
                      {"device_class", "duration"},
                      {"unit_of_measurement", "s"},
                      {"suggested_display_precision", 0},
                      {"icon", "mdi:timer-alert-outline"}};
  json pending = {{"name", "Shutdown pending"},
                  {"state_topic", state},
                  {"value_template", field_template("shutdown_pending")},
                  {"payload_on", kTrue},
                  {"payload_off", kFalse},
                  {"icon", "mdi:power-plug-off-outline"}};
  json words = {{"name", "State"},
                {"state_topic", state},
                {"value_template", field_template("state_text")},
                {"icon", "mdi:shield-check-outline"}};
  // Made unavailable by the very topic it shows, it could never show "disconnected".
  json connectivity = {{"name", "Connectivity"},
                       {"state_topic", state},
                       {"value_template", field_template("online")},
                       {"payload_on", kTrue},
                       {"payload_off", kFalse},
                       {"device_class", "connectivity"},
                       {"entity_category", "diagnostic"}};
  d.entities = {{"sensor", "shutdown_in", std::move(shutdown_in), std::nullopt},
                {"binary_sensor", "shutdown_pending", std::move(pending), std::nullopt},
                {"sensor", "state", std::move(words), std::nullopt},
                {"binary_sensor", "connectivity", std::move(connectivity), json()}};
  return d;
}

}  // namespace

std::string agent_device_identifier(std::string_view agent_id) {
  return fmt::format("nutmqtt-agent/{}", agent_id);
}

std::string agent_node_id(std::string_view agent_id) {
  return fmt::format("nutmqtt-agent_{}", topic_id(agent_id));
}

std::vector<discovery_message> build_agent_discovery(const agent_identity& agent,
                                                     const discovery_settings& settings,
                                                     const common::topic_scheme& topics) {
  return render(agent_device(agent, topics), bridge_identity{agent.id, agent.version, {}},
                settings);
}

std::vector<std::string> agent_discovery_topics(const agent_identity& agent,
                                                const discovery_settings& settings) {
  std::vector<std::string> out;
  const common::topic_scheme any_base("ups");
  for (auto mode : {discovery_settings::mode::device, discovery_settings::mode::entity}) {
    auto s = settings;
    s.discovery = mode;
    for (auto& m : build_agent_discovery(agent, s, any_base))
      out.push_back(std::move(m.topic));
  }
  return out;
}

}  // namespace nutmqtt::ha
