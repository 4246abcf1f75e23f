#pragma once
// The MQTT topic contract shared by the bridge, the shutdown agent and their users.
// Every topic any nutmqtt program publishes or subscribes to is spelled here, once.

#include <optional>
#include <string>
#include <string_view>

namespace nutmqtt::common {

// True when `level` can be one topic level: non-empty, printable ASCII, no '/', '+', '#'.
// (NUT variable and command names are checked with this before they become part of a topic.)
bool is_topic_level(std::string_view level);

// Returns why `base` cannot be a base topic ("ups", "home/ups"), or nullopt.
std::optional<std::string> base_topic_problem(std::string_view base);

struct ups_topic {
  std::string ups;   // the UPS id (or reserved name for _bridge/_agent topics)
  std::string leaf;  // what follows: "event", "state", "var/battery.charge", ...
};

class topic_scheme {
 public:
  explicit topic_scheme(std::string base) : base_(std::move(base)) {}
  const std::string& base() const { return base_; }

  // Per UPS.
  std::string var(std::string_view ups, std::string_view variable) const;
  std::string status(std::string_view ups) const { return ups_leaf(ups, "status"); }
  // ups.status in words ("Online, Battery Charging"), for dashboards and Home Assistant.
  std::string status_text(std::string_view ups) const { return ups_leaf(ups, "status_text"); }
  std::string state(std::string_view ups) const { return ups_leaf(ups, "state"); }
  // "online" while some online bridge can poll the UPS (the aggregate, for Home Assistant and
  // dashboards); `availability_by` is one bridge's own say, which the agents judge by.
  std::string availability(std::string_view ups) const { return ups_leaf(ups, "availability"); }
  std::string availability_by(std::string_view ups, std::string_view bridge) const;
  std::string event(std::string_view ups) const { return ups_leaf(ups, "event"); }
  std::string last_event(std::string_view ups) const { return ups_leaf(ups, "last_event"); }
  std::string cmd_instcmd(std::string_view ups) const { return ups_leaf(ups, "cmd/instcmd"); }
  std::string cmd_set(std::string_view ups, std::string_view variable) const;
  std::string cmd_result(std::string_view ups) const { return ups_leaf(ups, "cmd/result"); }

  // The bridge's own topics.
  std::string bridge_availability(std::string_view bridge) const;
  std::string bridge_info(std::string_view bridge) const;
  // A shutdown agent's own topics: its retained state and the actions it takes.
  std::string agent_state(std::string_view agent) const;
  std::string agent_event(std::string_view agent) const;
  // Where an agent sends itself a marker after (re)subscribing: when it comes back, what the
  // broker held for the agent (queued events, retained topics) has been delivered before it.
  std::string agent_sync(std::string_view agent) const;

  // Subscription filters.
  std::string every(std::string_view leaf) const;  // "<base>/+/<leaf>"
  std::string every_bridge_availability() const;   // "<base>/_bridge/+/availability"
  std::string every_bridge_info() const;           // "<base>/_bridge/+/info"
  std::string every_availability_by() const;       // "<base>/+/availability/+"
  std::string every_agent_state() const;           // "<base>/_agent/+/state"
  std::string every_command() const;               // "<base>/+/cmd/#"

  // Splits a topic under this base into UPS id and leaf; nullopt for topics outside it.
  std::optional<ups_topic> parse(std::string_view topic) const;
  // The bridge of a parsed `<base>/<ups>/availability/<bridge>`; nullopt for any other topic.
  static std::optional<std::string> availability_by_bridge(const ups_topic& t);

 private:
  std::string ups_leaf(std::string_view ups, std::string_view leaf) const;
  std::string base_;
};

}  // namespace nutmqtt::common
