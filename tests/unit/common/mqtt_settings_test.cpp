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
  CHECK(s.urls == std::vector<std::string>{"ssl://broker.lan:8883"});
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

TEST_CASE("one broker url is a list of one, with the default failback") {
  config_source src("t.yaml");
  auto s = read("mqtt: { url: mqtt://broker.lan }\n", src);
  CHECK(src.ok());
  CHECK(s.urls == std::vector<std::string>{"tcp://broker.lan:1883"});
  CHECK(s.failback_after == std::chrono::minutes(5));
  CHECK(YAML::Dump(to_yaml(s)).find("url: tcp://broker.lan:1883") != std::string::npos);
}

TEST_CASE("a list of broker urls keeps its order, each normalized") {
  config_source src("t.yaml");
  auto s = read(R"(mqtt:
  url:
    - mqtt://primary.lan
    - tcp://[::1]:1884
  failback_after: 2s
)",
                src);
  CHECK(src.ok());
  CHECK(s.urls == std::vector<std::string>{"tcp://primary.lan:1883", "tcp://[::1]:1884"});
  CHECK(s.failback_after == std::chrono::seconds(2));
  const auto y = YAML::Dump(to_yaml(s));
  CHECK(y.find("- tcp://primary.lan:1883") != std::string::npos);
  CHECK(y.find("failback_after: 2s") != std::string::npos);
}

TEST_CASE("failback_after: 0 and never both mean staying on the broker that works") {
  for (const char* value : {"0", "0s", "never"}) {
    config_source src("t.yaml");
    auto s =
        read(std::string("mqtt: { url: [tcp://a, tcp://b], failback_after: ") + value + " }", src);
    CHECK(src.ok());
    CHECK_FALSE(s.failback_after);
    CHECK(YAML::Dump(to_yaml(s)).find("failback_after: never") != std::string::npos);
  }
}

TEST_CASE("each bad broker of a list is named with its line") {
  config_source src("t.yaml");
  auto s = read(R"(mqtt:
  url:
    - tcp://good.lan
    - http://bad.lan
    - { host: x }
    - mqtt://good.lan:1883
    - tcp://h:99999
  failback_after: 500ms
)",
                src);
  REQUIRE(src.problems().size() == 5);
  const std::string text = config_error(src.problems()).what();
  CHECK(text.find("t.yaml:4:7: mqtt.url[1]: \"http://bad.lan\" must start with") !=
        std::string::npos);
  CHECK(text.find("t.yaml:5:7: mqtt.url[2]: expected a broker url") != std::string::npos);
  CHECK(
      text.find("t.yaml:6:7: mqtt.url[3]: \"mqtt://good.lan:1883\" is the same broker as url[0]") !=
      std::string::npos);
  CHECK(text.find("t.yaml:7:7: mqtt.url[4]: \"tcp://h:99999\" port \"99999\"") !=
        std::string::npos);
  CHECK(text.find("t.yaml:8:19: mqtt.failback_after: must be 0 or never") != std::string::npos);
  // Nothing half-read: the default stays.
  CHECK(s.urls == std::vector<std::string>{"tcp://127.0.0.1:1883"});
}

TEST_CASE("a mix of TLS and plain brokers is reported beside a bad entry") {
  config_source src("t.yaml");
  read("mqtt:\n  url: [mqtts://a.lan, mqtt://b.lan, ftp://c.lan]\n", src);
  REQUIRE(src.problems().size() == 2);
  CHECK(src.problems()[0].key_path == "mqtt.url[2]");
  CHECK(src.problems()[1].message.find("mixes TLS") != std::string::npos);
}

TEST_CASE("a broker list that mixes TLS and plain brokers is refused") {
  config_source src("t.yaml");
  read("mqtt:\n  url: [mqtts://a.lan, mqtt://b.lan]\n", src);
  REQUIRE(src.problems().size() == 1);
  CHECK(src.problems()[0].line == 2);
  CHECK(src.problems()[0].message.find("mixes TLS") != std::string::npos);
}

TEST_CASE("TLS settings apply to every broker of an ssl:// list") {
  config_source src("t.yaml");
  auto s =
      read("mqtt:\n  url: [mqtts://a.lan, ssl://b.lan:8884]\n  tls: { ca_file: /ca.pem }\n", src);
  CHECK(src.ok());
  CHECK(s.uses_tls());
  config_source plain("p.yaml");
  read("mqtt:\n  url: [mqtt://a.lan, mqtt://b.lan]\n  tls: { ca_file: /ca.pem }\n", plain);
  REQUIRE(plain.problems().size() == 1);
  CHECK(plain.problems()[0].message.find("need an ssl://") != std::string::npos);
}

TEST_CASE("an empty broker list or a mapping is refused") {
  for (const char* value : {"[]", "{ host: a }"}) {
    config_source src("t.yaml");
    read(std::string("mqtt:\n  url: ") + value + "\n", src);
    REQUIRE(src.problems().size() == 1);
    CHECK(src.problems()[0].line == 2);
    CHECK(src.problems()[0].message.find("a list of them") != std::string::npos);
  }
}

TEST_CASE("a broker url gives the host and port to reach it by") {
  auto a = broker_address_of("tcp://broker.lan:1884");
  CHECK(a.host == "broker.lan");
  CHECK(a.port == 1884);
  auto b = broker_address_of("ssl://[::1]:8883");
  CHECK(b.host == "::1");
  CHECK(b.port == 8883);
}
