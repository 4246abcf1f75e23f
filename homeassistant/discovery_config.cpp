#include "homeassistant/discovery_config.hpp"

#include "common/config_reader.hpp"

namespace nutmqtt::ha {

void read_discovery_settings(common::map_reader& root, discovery_settings& out) {
  auto m = root.map("homeassistant");
  if (!m) return;
  using mode = discovery_settings::mode;
  static constexpr common::choice<mode> kModes[] = {{"device", mode::device},
                                                    {"entity", mode::entity}};
  m->read("enabled", out.enabled);
  m->read("discovery_prefix", out.prefix);
  m->read<mode>("discovery", out.discovery, kModes);
  m->read("status_topic", out.status_topic);
  if (auto why = discovery_settings_problem(out)) m->report(*why);
  m->finish();
}

YAML::Node to_yaml(const discovery_settings& s) {
  YAML::Node n;
  n["enabled"] = s.enabled;
  n["discovery_prefix"] = s.prefix;
  n["discovery"] = s.discovery == discovery_settings::mode::device ? "device" : "entity";
  n["status_topic"] = s.status_topic;
  return n;
}

}  // namespace nutmqtt::ha
