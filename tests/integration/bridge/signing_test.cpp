#include "common/signing.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;

TEST_CASE("with a signing key, every event and state carries a valid signature") {
  mosquitto_broker broker;
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir dir;
  auto key_file = dir.write("sign.key", "0123456789abcdef0123456789abcdef\n");
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "security: { sign_key_file: " +
                            key_file.string() + " }\nnut:\n" + server_entry(nut, "dummy", "nas"));
  mqtt_probe probe(broker.port(), {"ups/#"});
  REQUIRE(probe.wait_for_topic("ups/nas/state", 15s));
  nut.set_var("dummy", "ups.status", "OB DISCHRG");
  REQUIRE(probe.wait_for_topic("ups/nas/event", 5s));
  nutmqtt::common::secret key("0123456789abcdef0123456789abcdef");
  auto event = probe.messages_on("ups/nas/event").front().payload;
  CHECK(nlohmann::json::parse(event).contains("sig"));
  CHECK(nutmqtt::common::verify_payload(event, key));
  CHECK(nutmqtt::common::verify_payload(*probe.latest("ups/nas/state"), key));
  CHECK_FALSE(nutmqtt::common::verify_payload(
      event, nutmqtt::common::secret("another key, 32 bytes long......")));
  CHECK(bridge.log().find("0123456789abcdef") == std::string::npos);
}

TEST_CASE("a signing key others may read is refused at start") {
  temp_dir dir;
  auto key_file =
      dir.write("sign.key", "0123456789abcdef0123456789abcdef\n",
                std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                    std::filesystem::perms::group_read);
  auto config = dir.write("b.yaml", "security:\n  sign_key_file: " + key_file.string() +
                                        "\nnut: [ { host: 127.0.0.1 } ]\n");
  auto r = run({program_path("nutmqtt-bridge"), "-c", config.string()}, 10s);
  CHECK(r.status == 2);
  CHECK(r.output.find(":2:18: security.sign_key_file: the key file " + key_file.string() +
                      " may be read by others (mode 0640): chmod 600") != std::string::npos);
}
