// A command as any MQTT client allowed to publish under <base>/<ups>/cmd/ may send it: the
// first line is the topic's leaf ("cmd/instcmd", "cmd/set/<variable>", anything), the rest is
// the payload.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bridge/commands/command_request.hpp"
#include "common/loggable.hpp"

using namespace nutmqtt::bridge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view leaf = input.substr(0, newline);
  const std::string_view payload =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  static const command_policy policy{{"test.battery.start", "beeper.toggle", "load.off"},
                                     {"input.transfer.low", "ups.delay.shutdown"}};
  auto r = read_command("ups", leaf, payload, policy);
  request_echo echo;
  if (auto* refused = std::get_if<command_refusal>(&r)) {
    echo = refused->request;
    (void)nutmqtt::common::loggable(refused->reason);
  } else {
    echo = std::get<command_request>(r).echo();
  }
  // What the bridge publishes and logs about the request never throws.
  (void)result_json(echo, {false, command_error::bad_request, "refused"}, "t")
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  (void)nutmqtt::common::loggable(
      echo.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return 0;
}
