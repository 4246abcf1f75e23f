#include <filesystem>

#include <doctest/doctest.h>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;

TEST_CASE("the annotated example configuration is valid, with its credentials uncommented") {
  const auto example = std::filesystem::path(NUTMQTT_SOURCE_DIR) / "config/bridge.yaml";
  auto r = run({program_path("nutmqtt-bridge"), "-c", example.string(), "--check-config"}, 10s);
  CHECK(r.status == 0);
  CHECK(r.output.find("configuration OK") != std::string::npos);
  // The installed file ships no password; a Synology user uncomments the example's.
  temp_dir dir;
  auto text = read_file(example);
  for (const std::string line : {"# username: monuser", "# password: secret"}) {
    const auto at = text.find(line);
    REQUIRE(at != std::string::npos);
    text.erase(at, 2);
  }
  auto file = dir.write("bridge.yaml", text);
  r = run({program_path("nutmqtt-bridge"), "-c", file.string(), "--check-config"}, 10s);
  CHECK(r.status == 0);
  CHECK(r.output.find("password: \"********\"") != std::string::npos);
  CHECK(r.output.find("secret") == std::string::npos);
}

TEST_CASE("a broken configuration exits 2 listing every problem with its line") {
  temp_dir dir;
  auto file = dir.write("bad.yaml", "nut:\n  - host: h\n    prot: 3493\npoll:\n  timeout: x\n");
  auto r = run({program_path("nutmqtt-bridge"), "-c", file.string()}, 10s);
  CHECK(r.status == 2);
  CHECK(r.output.find(file.string() + ":3:5: nut[0].prot: unknown key; did you mean `port`?") !=
        std::string::npos);
  CHECK(r.output.find(file.string() + ":5:12: poll.timeout: expected a duration") !=
        std::string::npos);
  CHECK(r.output.find("2 problem(s)") != std::string::npos);
  auto missing = run({program_path("nutmqtt-bridge"), "-c", (dir / "none.yaml").string()}, 10s);
  CHECK(missing.status == 2);
  CHECK(missing.output.find("cannot open the configuration file") != std::string::npos);
}

TEST_CASE("--version and --help") {
  auto v = run({program_path("nutmqtt-bridge"), "--version"}, 10s);
  CHECK(v.status == 0);
  CHECK(v.output.find("nutmqtt-bridge 0.") != std::string::npos);
  auto h = run({program_path("nutmqtt-bridge"), "--help"}, 10s);
  CHECK(h.status == 0);
  CHECK(h.output.find("--check-config") != std::string::npos);
}

TEST_CASE("SIGTERM marks the bridge offline and exits 0, and passwords stay out of logs and MQTT") {
  mosquitto_broker broker;
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir dir;
  daemon_process bridge(
      dir, "bridge", "nutmqtt-bridge",
      bridge_header(broker.port()) + "nut:\n" +
          server_entry(nut, "dummy", "nas", "    username: monuser\n    password: secret\n"));
  mqtt_probe probe(broker.port(), {"#"});
  REQUIRE(probe.wait_for_latest("ups/_bridge/test/availability", "online", 15s));
  REQUIRE(probe.wait_for_topic("ups/nas/state", 10s));
  CHECK(bridge.stop() == 0);
  CHECK(probe.wait_for_latest("ups/_bridge/test/availability", "offline", 5s));
  CHECK(bridge.log().find("secret") == std::string::npos);
  for (const auto& m : probe.messages())
    CHECK(m.payload.find("secret") == std::string::npos);
}
