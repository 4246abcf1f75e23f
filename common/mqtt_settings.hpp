#pragma once
// The `mqtt:` section, shared by the bridge and the shutdown agent.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/secret.hpp"

namespace nutmqtt::common {

class map_reader;

struct mqtt_tls_settings {
  std::string ca_file;    // empty: the system's trust store
  std::string cert_file;  // client certificate, optional
  std::string key_file;
  bool verify = true;  // check the broker's certificate and host name
};

struct mqtt_settings {
  // The brokers in order of preference, normalized to tcp:// or ssl:// (all the same one);
  // never empty. Failover goes round the list; failback returns to the first.
  std::vector<std::string> urls = {"tcp://127.0.0.1:1883"};
  // How long a session that failed over stays on a later broker before checking whether the
  // first is back; nullopt: it stays until that broker fails in turn.
  std::optional<std::chrono::milliseconds> failback_after = std::chrono::minutes(5);
  std::string client_id;  // empty until the program fills its default
  std::string username;
  secret password;
  std::string base_topic = "ups";
  int qos = 1;
  std::chrono::milliseconds keepalive = std::chrono::seconds(30);
  int protocol_version = 4;  // 4 = MQTT 3.1.1, 5 = MQTT 5
  std::optional<mqtt_tls_settings> tls;

  // The reader refuses a list that mixes tcp:// and ssl://, so the first speaks for all.
  bool uses_tls() const { return urls.front().starts_with("ssl://"); }
};

// Host and port of a normalized broker url ("ssl://[::1]:8883" -> "::1", 8883), for reaching
// the broker without MQTT.
struct broker_address {
  std::string host;
  int port = 0;
};
broker_address broker_address_of(std::string_view normalized_url);

// Normalizes "mqtt://h", "mqtts://h:8884", "tcp://[::1]:1883" to Paho's tcp:// / ssl:// form,
// adding the default port. Returns nullopt and sets `why` for anything else.
std::optional<std::string> normalize_broker_url(std::string_view url, std::string& why);

void read_mqtt_settings(map_reader& root, mqtt_settings& out);

// The effective settings for --check-config, with the password masked.
YAML::Node to_yaml(const mqtt_settings& s);

}  // namespace nutmqtt::common
