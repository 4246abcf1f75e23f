#include "ha_test_data.hpp"

#include <sstream>

#include <nlohmann/json.hpp>

#include "homeassistant/entities/status_text.hpp"
#include "support/nut_server.hpp"

namespace nutmqtt::test {
namespace {

ha::writable_variable& writable(ha::ups_snapshot& ups, const std::string& name) {
  for (auto& w : ups.writables) {
    if (w.name == name) return w;
  }
  ups.writables.push_back({});
  ups.writables.back().name = name;
  return ups.writables.back();
}

// "#RW:ups.shutdown:ENUM:\"enabled\"" / "#RW:battery.charge.low:STRING:5"
void read_rw(ha::ups_snapshot& ups, const std::string& line) {
  std::istringstream parts(line.substr(4));
  std::string name, type, arg;
  std::getline(parts, name, ':');
  std::getline(parts, type, ':');
  std::getline(parts, arg);
  auto& w = writable(ups, name);
  if (type == "ENUM") {
    w.type = ha::writable_variable::kind::enumeration;
    w.options.push_back(arg.substr(1, arg.size() - 2));
  } else {
    w.type = ha::writable_variable::kind::string;
    w.max_length = std::stoi(arg);
  }
}

}  // namespace

ha::ups_snapshot snapshot_from_dev(const std::string& relative, const std::string& id) {
  ha::ups_snapshot ups;
  ups.id = id;
  ups.nut_name = "dummy";
  ups.server = "127.0.0.1:3493";
  std::istringstream lines(fixture(relative));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("#RW:")) {
      read_rw(ups, line);
    } else if (line.starts_with("#CMD:")) {
      ups.commands.push_back(line.substr(5));
    } else if (!line.empty() && line[0] != '#') {
      auto colon = line.find(": ");
      if (colon != std::string::npos) ups.vars[line.substr(0, colon)] = line.substr(colon + 2);
    }
  }
  return ups;
}

std::map<std::string, std::string> retained_states(const ha::ups_snapshot& ups,
                                                   const ha::bridge_identity& bridge,
                                                   const common::topic_scheme& topics) {
  std::map<std::string, std::string> states;
  for (const auto& [name, value] : ups.vars)
    states[topics.var(ups.id, name)] = value;
  auto status = ups.vars.count("ups.status") ? ups.vars.at("ups.status") : std::string();
  states[topics.status(ups.id)] = status;
  states[topics.status_text(ups.id)] = ha::status_text(status);
  states[topics.availability(ups.id)] = "online";
  states[topics.bridge_availability(bridge.id)] = "online";
  states[topics.bridge_info(bridge.id)] = nlohmann::json{{"version", bridge.version}}.dump();
  return states;
}

std::map<std::string, std::string> as_map(const std::vector<ha::discovery_message>& messages) {
  std::map<std::string, std::string> out;
  for (const auto& m : messages)
    out[m.topic] = m.payload;
  return out;
}

}  // namespace nutmqtt::test
