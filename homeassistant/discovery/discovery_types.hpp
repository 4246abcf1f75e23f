#pragma once
// What the discovery builder is given (a UPS as the bridge sees it, the bridge itself, the
// user's discovery settings) and what it returns (retained messages to publish).

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nutmqtt::ha {

// A variable the bridge may set on the UPS, as upsd describes it (GET TYPE, LIST RANGE/ENUM).
struct writable_variable {
  std::string name;
  enum class kind { number, range, enumeration, string } type = kind::string;
  std::optional<double> min, max;    // LIST RANGE (range)
  std::vector<std::string> options;  // LIST ENUM (enumeration)
  int max_length = 0;                // STRING:n (0 when upsd did not say)
};

struct ups_snapshot {
  std::string id;                            // UPS id on MQTT
  std::string nut_name;                      // name on upsd
  std::string server;                        // "host:port"
  std::string description;                   // GET UPSDESC, may be empty
  std::map<std::string, std::string> vars;   // every variable the UPS reports now
  std::vector<std::string> commands;         // instant commands to offer (allowed and listed)
  std::vector<writable_variable> writables;  // writable variables to offer (allowed and listed)
};

struct bridge_identity {
  std::string id;
  std::string version;
  std::string host;
};

struct discovery_settings {
  bool enabled = false;
  std::string prefix = "homeassistant";
  enum class mode { device, entity } discovery = mode::device;
  std::string status_topic = "homeassistant/status";
};

// Why `settings` cannot work, naming the field ("prefix: must not end with '/'"), or nullopt.
// The prefix and the status topic must be valid MQTT topics without wildcards.
std::optional<std::string> discovery_settings_problem(const discovery_settings& settings);

// One retained message; an empty payload removes what the topic configured.
struct discovery_message {
  std::string topic;
  std::string payload;

  bool operator==(const discovery_message&) const = default;
};

}  // namespace nutmqtt::ha
