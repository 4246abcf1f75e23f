#pragma once
// Which discovery configs are retained on the broker, and what must be published so that they
// match what the bridge generates now: new and changed configs, removals of what went away, and
// this bridge's leftovers from earlier runs. Pure: messages in, messages out.
//
// Use:
//   1. At start, subscribe to <prefix>/# and pass every retained message to read_back() for a
//      few seconds; meanwhile pass the generated configs to update() (they are only remembered).
//      (To skip reading back, call end_read_back() at once.)
//   2. end_read_back(); later update() on every rebuild, remove() when a UPS leaves the config.
//   3. On Home Assistant's birth message, publish republish() (after a short random delay, so
//      that many bridges do not burst at once), then availability and current states.
// Every batch is published retained: first `clear`, then, after a pause of a second or two when
// `clear` is not empty, `publish`.
//
// Why two steps: a unique_id that moves to another config topic (discovery mode switched, a
// serial number read for the first time) must be gone from Home Assistant before it is
// announced again, or Home Assistant refuses it as a duplicate or makes "_2" entities. So
// removals come first and new configs after Home Assistant has processed them. In device-based
// discovery a component is removed by re-publishing the device with that component reduced to
// {"p":"<platform>"} (the `clear` step, built from the config Home Assistant currently has, so
// that it removes and creates nothing else); the `publish` step then sends the new device
// config without it, so the retained config stays clean for Home Assistant's next start.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "homeassistant/discovery/discovery_types.hpp"

namespace nutmqtt::ha {

// The owner name for the bridge's own device (UPS ids never start with '_').
inline constexpr std::string_view kBridgeOwner = "_bridge";

struct discovery_batch {
  std::vector<discovery_message> clear;    // first: removals
  std::vector<discovery_message> publish;  // then: new and changed configs

  bool empty() const { return clear.empty() && publish.empty(); }
};

// True for a config this bridge wrote: origin named nutmqtt, and a device that is this
// bridge's (identifiers) or hangs off it (via_device). Abbreviated keys are understood.
bool written_by_bridge(const nlohmann::json& payload, std::string_view bridge_id);

// True when `topic`/`payload` is Home Assistant announcing that it (re)started.
bool is_birth_message(const discovery_settings& settings, std::string_view topic,
                      std::string_view payload);

class discovery_tracker {
 public:
  discovery_tracker(discovery_settings settings, std::string bridge_id);

  // A retained message seen under the prefix at start. Returns true when it is one of this
  // bridge's configs (then remembered as published); anything else is ignored.
  bool read_back(std::string_view topic, std::string_view payload);

  // Ends the read-back window: clears this bridge's configs nobody generates any more (removed
  // UPSes, vanished variables, the other discovery mode's leftovers) and publishes what differs.
  discovery_batch end_read_back();
  bool reading_back() const { return reading_back_; }

  // Makes an owner's configs. It is called now, and again whenever they must be published
  // again or a change needs the old ones: the tracker keeps the means to make the configs (a
  // UPS snapshot of a few KB), not the configs (tens of KB each in device mode), so it must
  // return the same configs every time.
  using renderer = std::function<std::vector<discovery_message>()>;

  // The complete set of configs an owner (a UPS id, or kBridgeOwner) generates now.
  discovery_batch update(const std::string& owner, renderer render);
  discovery_batch update(const std::string& owner, std::vector<discovery_message> desired);
  // The owner is gone: every config it had is cleared.
  discovery_batch remove(const std::string& owner);

  // Every current config, the bridge's first; empty while reading back.
  std::vector<discovery_message> republish() const;

 private:
  // What is retained on a config topic now. The payload itself is kept only as read back at
  // start; once a generated config replaces it, a digest is enough to tell a change, and the
  // old payload, when a change needs it, is made again by the owner's previous renderer.
  struct retained_config {
    std::size_t digest = 0;
    std::string read_back;
  };
  struct owner_configs {
    renderer render;
    std::vector<std::string> topics;
  };
  // `previous`: the owner's configs before this update, made only if a changed config needs
  // its old payload (to remove the components it loses).
  void reconcile(const discovery_message& want, discovery_batch& batch,
                 const std::function<const std::vector<discovery_message>&()>& previous);
  bool desired_by_anyone(const std::string& topic) const;
  void clear_topic(const std::string& topic, discovery_batch& batch);

  discovery_settings settings_;
  std::string bridge_id_;
  bool reading_back_ = true;
  std::map<std::string, retained_config> published_;  // by config topic
  std::map<std::string, owner_configs> owners_;
};

}  // namespace nutmqtt::ha
