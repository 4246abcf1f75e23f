// The examples under homeassistant/examples must name entities the builder really creates, or
// users copy a card that shows "Entity not available".

#include <algorithm>
#include <filesystem>
#include <set>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "common/event_types.hpp"
#include "ha_test_data.hpp"
#include "homeassistant/discovery/discovery_builder.hpp"

using namespace nutmqtt;

namespace {

const std::filesystem::path kExamples =
    std::filesystem::path(NUTMQTT_SOURCE_DIR) / "homeassistant" / "examples";

void collect_strings(const YAML::Node& node, std::vector<std::string>& out) {
  if (node.IsScalar()) out.push_back(node.as<std::string>());
  if (node.IsSequence() || node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (node.IsMap()) {
        collect_strings(it->first, out);
        collect_strings(it->second, out);
      } else {
        collect_strings(*it, out);
      }
    }
  }
}

std::vector<std::string> strings_in(const std::string& file) {
  std::vector<std::string> out;
  collect_strings(YAML::LoadFile((kExamples / file).string()), out);
  return out;
}

// Entity ids of the rich fixture as UPS "nas" on bridge "home" (what the examples assume).
std::set<std::string> generated_entity_ids() {
  ha::discovery_settings settings;
  ha::bridge_identity bridge{"home", "0.1.0", ""};
  common::topic_scheme topics("ups");
  auto ups = test::snapshot_from_dev("homeassistant/eaton-5px-93pm.dev", "nas");
  auto messages = ha::build_ups_discovery(ups, bridge, settings, topics);
  auto bridge_messages = ha::build_bridge_discovery(bridge, settings, topics);
  messages.insert(messages.end(), bridge_messages.begin(), bridge_messages.end());
  std::set<std::string> ids;
  for (const auto& m : messages) {
    const auto config = nlohmann::json::parse(m.payload);
    for (const auto& c : config["cmps"])
      ids.insert(c["default_entity_id"].get<std::string>());
  }
  return ids;
}

// Values of every `entity` and `entity_id` key, at any depth.
void collect_entity_ids(const YAML::Node& node, std::set<std::string>& out) {
  if (node.IsSequence()) {
    for (const auto& item : node)
      collect_entity_ids(item, out);
  }
  if (!node.IsMap()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const auto key = it->first.as<std::string>();
    if ((key == "entity" || key == "entity_id") && it->second.IsScalar()) {
      out.insert(it->second.as<std::string>());
    } else if ((key == "entity" || key == "entity_id") && it->second.IsSequence()) {
      for (const auto& id : it->second)
        out.insert(id.as<std::string>());
    } else {
      collect_entity_ids(it->second, out);
    }
  }
}

std::set<std::string> entity_ids_in(const std::string& file) {
  std::set<std::string> ids;
  collect_entity_ids(YAML::LoadFile((kExamples / file).string()), ids);
  return ids;
}

}  // namespace

TEST_CASE("the examples use only entities the builder creates") {
  const auto generated = generated_entity_ids();
  for (std::string file : {"ups-card.yaml", "automations.yaml"}) {
    CAPTURE(file);
    auto used = entity_ids_in(file);
    CHECK_FALSE(used.empty());
    for (const auto& id : used) {
      CAPTURE(id);
      CHECK(generated.count(id) == 1);
    }
  }
}

TEST_CASE("the automations react to event types the bridge sends") {
  std::set<std::string> types;
  for (const auto& s : strings_in("automations.yaml")) {
    if (s.find("event_type") == std::string::npos) continue;
    // every 'WORD' in capitals is an event type the template compares with
    for (auto open = s.find('\''); open != std::string::npos; open = s.find('\'', open + 1)) {
      auto close = s.find('\'', open + 1);
      if (close == std::string::npos) break;
      auto word = s.substr(open + 1, close - open - 1);
      if (!word.empty() &&
          std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        types.insert(word);
      }
      open = close;
    }
  }
  CHECK(types == std::set<std::string>{"COMMBAD", "LOWBATT", "NOCOMM", "ONBATT", "ONLINE"});
  for (const auto& t : types) {
    CAPTURE(t);
    CHECK(common::parse_event_type(t).has_value());
  }
}
