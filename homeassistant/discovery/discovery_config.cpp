#include "homeassistant/discovery/discovery_config.hpp"

namespace nutmqtt::ha {
namespace {

using mode = discovery_settings::mode;

constexpr common::choice<mode> kModes[] = {{"device", mode::device}, {"entity", mode::entity}};

}  // namespace

void read_discovery_settings(common::map_reader& root, discovery_settings& out) {
  auto m = root.map("homeassistant");
  if (!m) return;
  m->read("enabled", out.enabled);
  m->read("discovery_prefix", out.prefix);
  m->read<mode>("discovery", out.discovery, kModes);
  m->read("status_topic", out.status_topic);
  if (auto why = discovery_settings_problem(out)) {
    // The problem names the field as the struct does; report it on the key as written.
    constexpr std::string_view kPrefixField = "prefix: ";
    if (why->starts_with(kPrefixField)) {
      m->report("discovery_prefix", why->substr(kPrefixField.size()));
    } else {
      m->report("status_topic", why->substr(why->find(": ") + 2));
    }
  }
  m->finish();
}

YAML::Node to_yaml(const discovery_settings& s) {
  YAML::Node n;
  n["enabled"] = s.enabled;
  n["discovery_prefix"] = s.prefix;
  n["discovery"] = s.discovery == mode::device ? "device" : "entity";
  n["status_topic"] = s.status_topic;
  return n;
}

}  // namespace nutmqtt::ha
