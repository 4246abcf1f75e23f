#include "common/mqtt_settings.hpp"

#include <doctest/doctest.h>

#include "common/config_reader.hpp"

using namespace nutmqtt::common;

namespace {

mqtt_settings read(const std::string& yaml, config_source& src) {
  auto root = src.load_string(yaml);
  map_reader r(src, root, "");
  mqtt_settings s;
  read_mqtt_settings(r, s);
  return s;
}

}  // namespace

TEST_CASE("broker urls are normalized for Paho") {
  std::string why;
  CHECK(normalize_broker_url("tcp://127.0.0.1:1883", why) == "tcp://127.0.0.1:1883");
  CHECK(normalize_broker_url("mqtt://broker", why) == "tcp://broker:1883");
  CHECK(normalize_broker_url("mqtts://broker", why) == "ssl://broker:8883");
  CHECK(normalize_broker_url("ssl://broker:8884/", why) == "ssl://broker:8884");
  CHECK(normalize_broker_url("tcp://[::1]:1884", why) == "tcp://[::1]:1884");
  CHECK(normalize_broker_url("tcp://[::1]", why) == "tcp://[::1]:1883");
  CHECK_FALSE(normalize_broker_url("http://x", why));
  CHECK_FALSE(normalize_broker_url("tcp://", why));
  CHECK_FALSE(normalize_broker_url("tcp://h:0", why));
  CHECK_FALSE(normalize_broker_url("tcp://h:99999", why));
  CHECK_FALSE(normalize_broker_url("tcp://h:x", why));
  CHECK_FALSE(normalize_broker_url("tcp://[::1", why));
}

TEST_CASE("the mqtt section reads every key") {
  config_source src("t.yaml");
  auto s = read(R"(mqtt:
  url: mqtts://broker.lan
  client_id: me
  username: bridge
  password: pw
  base_topic: home/ups
  qos: 2
  keepalive: 1m
  protocol: "5"
  tls: { ca_file: /ca.pem, verify: false }
)",
                src);
  CHECK(src.ok());
  CHECK(s.url == "ssl://broker.lan:8883");
  CHECK(s.client_id == "me");
  CHECK(s.password.reveal() == "pw");
  CHECK(s.base_topic == "home/ups");
  CHECK(s.qos == 2);
  CHECK(s.keepalive == std::chrono::minutes(1));
  CHECK(s.protocol_version == 5);
  REQUIRE(s.tls);
  CHECK(s.tls->ca_file == "/ca.pem");
  CHECK_FALSE(s.tls->verify);
  auto y = YAML::Dump(to_yaml(s));
  CHECK(y.find("pw") == std::string::npos);
  CHECK(y.find(secret::kMask) != std::string::npos);
}

TEST_CASE("the mqtt section reports every mistake with its line") {
  config_source src("t.yaml");
  read(R"(mqtt:
  url: http://x
  qos: 3
  keepalive: soon
  protocol: "4"
  base_topic: "ups/#"
  tls: { cert_file: /c.pem }
  pasword: x
)",
       src);
  REQUIRE(src.problems().size() == 8);
  const std::string text = config_error(src.problems()).what();
  CHECK(std::string(text).find("t.yaml:2:8: mqtt.url:") != std::string::npos);
  CHECK(std::string(text).find("t.yaml:3:8: mqtt.qos: must be between 0 and 2") !=
        std::string::npos);
  CHECK(std::string(text).find("mqtt.keepalive: expected a duration") != std::string::npos);
  CHECK(std::string(text).find("mqtt.protocol: \"4\" is not one of: 3.1.1, 5") !=
        std::string::npos);
  CHECK(std::string(text).find("mqtt.base_topic:") != std::string::npos);
  CHECK(std::string(text).find("needs both cert_file and key_file") != std::string::npos);
  CHECK(std::string(text).find("need an ssl:// or mqtts:// url") != std::string::npos);
  CHECK(std::string(text).find("t.yaml:8:3: mqtt.pasword: unknown key; did you mean `password`?") !=
        std::string::npos);
}
