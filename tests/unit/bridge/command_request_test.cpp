// Reading commands from MQTT: the plain and JSON forms, the request id, and what is refused
// (with what could be read of the request, for the result).

#include "bridge/commands/command_request.hpp"

#include <string>
#include <variant>

#include <doctest/doctest.h>

using nutmqtt::bridge::command_error;
using nutmqtt::bridge::command_policy;
using nutmqtt::bridge::command_refusal;
using nutmqtt::bridge::command_request;
using nutmqtt::bridge::read_command;
using nutmqtt::bridge::response_topic_problem;
using nutmqtt::common::topic_scheme;

namespace {

const command_policy kPolicy{{"beeper.mute", "load.off.delay"}, {"battery.charge.low"}};

command_request accepted(std::string_view leaf, std::string_view payload) {
  auto r = read_command("nas", leaf, payload, kPolicy);
  INFO(std::string(payload));
  REQUIRE(std::holds_alternative<command_request>(r));
  return std::get<command_request>(r);
}

command_refusal refused(std::string_view leaf, std::string_view payload) {
  auto r = read_command("nas", leaf, payload, kPolicy);
  INFO(std::string(payload));
  REQUIRE(std::holds_alternative<command_refusal>(r));
  return std::get<command_refusal>(r);
}

}  // namespace

TEST_CASE("today's plain forms still work") {
  auto mute = accepted("cmd/instcmd", "beeper.mute\n");
  CHECK(mute.type == command_request::kind::instcmd);
  CHECK(mute.name == "beeper.mute");
  CHECK_FALSE(mute.value.has_value());
  CHECK_FALSE(mute.id.has_value());
  auto delay = accepted("cmd/instcmd", R"({"command":"load.off.delay","value":"120"})");
  CHECK(delay.value == "120");
  auto set = accepted("cmd/set/battery.charge.low", "25\r\n");
  CHECK(set.type == command_request::kind::set);
  CHECK(set.name == "battery.charge.low");
  CHECK(set.value == "25");
}

TEST_CASE("JSON requests carry an id that the echo keeps") {
  auto mute = accepted("cmd/instcmd", R"( {"command":"beeper.mute","id":"flow-7"})");
  CHECK(mute.id == "flow-7");
  auto set = accepted("cmd/set/battery.charge.low", R"({"value":30,"id":"a1b2"})");
  CHECK(set.value == "30");
  CHECK(set.id == "a1b2");
  auto echo = set.echo().to_json();
  CHECK(echo.dump() ==
        R"({"ups":"nas","kind":"set","variable":"battery.charge.low","value":"30","id":"a1b2"})");
  CHECK(mute.echo().to_json().dump() ==
        R"({"ups":"nas","kind":"instcmd","command":"beeper.mute","id":"flow-7"})");
}

TEST_CASE("a refused request echoes what could be read, its id included") {
  auto r = refused("cmd/instcmd", R"({"command":"shutdown.return","id":"x1"})");
  CHECK(r.code == command_error::refused_not_allowed);
  CHECK(r.reason.find("add it to commands.instcmd") != std::string::npos);
  CHECK(r.request.id == "x1");
  CHECK(r.request.name == "shutdown.return");
  CHECK(r.request.kind == "instcmd");

  r = refused("cmd/set/ups.status", R"({"value":"OB","id":"x2"})");
  CHECK(r.code == command_error::refused_not_allowed);
  CHECK(r.request.id == "x2");
  CHECK(r.request.name == "ups.status");
  CHECK(r.request.kind == "set");

  // Malformed in another field: the id still comes back.
  r = refused("cmd/instcmd", R"({"command":3,"id":"x3"})");
  CHECK(r.code == command_error::bad_request);
  CHECK(r.request.id == "x3");
  r = refused("cmd/set/battery.charge.low", R"({"value":true,"id":"x4"})");
  CHECK(r.reason.find("string or a number") != std::string::npos);
  CHECK(r.request.id == "x4");
  r = refused("cmd/instcmd", R"({"comand":"beeper.mute","id":"x5"})");
  CHECK(r.reason.find("unknown key \"comand\"") != std::string::npos);
  CHECK(r.request.id == "x5");
}

TEST_CASE("bad requests are refused with a reason naming the problem") {
  struct row {
    const char* leaf;
    std::string payload;
    const char* reason;
  };
  const row rows[] = {
      {"cmd/instcmd", std::string(2000, 'x'), "larger than 1024 bytes"},
      {"cmd/instcmd", "{not json", "not a JSON object"},
      {"cmd/instcmd", "[\"beeper.mute\"]", "is not a NUT command name"},
      {"cmd/instcmd", R"({"value":"1"})", "needs a \"command\" string"},
      {"cmd/instcmd", "beeper mute", "is not a NUT command name"},
      {"cmd/set/battery.charge.low", R"({"value":null})", "needs a \"value\""},
      {"cmd/set/battery.charge.low", "4\n2\x01", "printable ASCII"},
      {"cmd/set/battery.charge.low", "\n", "the new value is empty"},
      {"cmd/set/battery.charge.low", R"({"value":"1","id":""})", "\"id\" must be a string"},
      {"cmd/set/battery.charge.low", R"({"value":"1","id":7})", "\"id\" must be a string"},
      {"cmd/set/battery.charge.low", R"({"value":"1","id":")" + std::string(129, 'i') + "\"}",
       "1 to 128 printable"},
      {"cmd/set/battery.charge.low", R"({"value":"1","command":"x"})", "unknown key \"command\""},
      {"cmd/other", "x", "unknown command topic"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.payload);
    auto refusal = refused(r.leaf, r.payload);
    CAPTURE(refusal.reason);
    CHECK(refusal.code == command_error::bad_request);
    CHECK(refusal.request.ups == "nas");
    CHECK(refusal.reason.find(r.reason) != std::string::npos);
    CHECK_FALSE(refusal.request.id.has_value());
  }
}

TEST_CASE("an id of exactly the limit is kept") {
  std::string id(nutmqtt::bridge::kMaxRequestId, 'i');
  CHECK(accepted("cmd/instcmd", R"({"command":"beeper.mute","id":")" + id + "\"}").id == id);
}

TEST_CASE("MQTT 5 response topics: outside the base, or under the UPS's cmd/response") {
  topic_scheme topics("home/ups");
  const std::vector<std::string> ha = {"homeassistant", "homeassistant/status"};
  auto ok = [&](std::string_view t) { return !response_topic_problem(t, "nas", topics, ha); };
  CHECK(ok("nodered/replies/1"));
  CHECK(ok("home/ups/nas/cmd/response/nodered"));
  CHECK(ok("home/upsx/anything"));
  CHECK(ok("homeassistantx/y"));
  CHECK_FALSE(ok("home/ups/nas/event"));
  CHECK_FALSE(ok("home/ups/nas/availability"));
  CHECK_FALSE(ok("home/ups/nas/cmd/instcmd"));
  CHECK_FALSE(ok("home/ups/nas/cmd/response"));
  CHECK_FALSE(ok("home/ups/other/cmd/response/x"));
  CHECK_FALSE(ok("home/ups"));
  CHECK_FALSE(ok("homeassistant/sensor/x/config"));
  CHECK_FALSE(ok("$SYS/broker"));
  CHECK_FALSE(ok("replies/+"));
  CHECK_FALSE(ok("replies/#"));
  CHECK_FALSE(ok(std::string(300, 'r')));
  CHECK(
      response_topic_problem("home/ups/nas/state", "nas", topics, ha)->find("outside home/ups/") !=
      std::string::npos);
}
