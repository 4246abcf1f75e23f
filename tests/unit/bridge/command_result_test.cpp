// The one shape of every command result, the stable error codes, and what upsd's errors mean.

#include "bridge/commands/command_result.hpp"

#include <set>
#include <string>

#include <doctest/doctest.h>

using nutmqtt::bridge::command_error;
using nutmqtt::bridge::command_outcome;
using nutmqtt::bridge::error_code_name;
using nutmqtt::bridge::outcome_of_upsd_error;
using nutmqtt::bridge::request_echo;
using nutmqtt::bridge::result_json;
namespace nut = nutmqtt::bridge::nut;

TEST_CASE("every error has its own stable code") {
  std::set<std::string> names;
  for (int i = static_cast<int>(command_error::bad_request);
       i <= static_cast<int>(command_error::upsd_error); ++i) {
    auto name = std::string(error_code_name(static_cast<command_error>(i)));
    CHECK_FALSE(name.empty());
    CHECK(names.insert(name).second);
  }
  CHECK(names.size() == 15);
  CHECK(error_code_name(command_error::none).empty());
  CHECK(error_code_name(command_error::refused_not_allowed) == "refused-not-allowed");
  CHECK(error_code_name(command_error::refused_retained) == "refused-retained");
  CHECK(error_code_name(command_error::bad_request) == "bad-request");
  CHECK(error_code_name(command_error::access_denied) == "access-denied");
  CHECK(error_code_name(command_error::cmd_not_supported) == "cmd-not-supported");
  CHECK(error_code_name(command_error::timeout) == "timeout");
}

TEST_CASE("accepted and refused results have the same keys in the same order") {
  request_echo full{"nas", "set", "battery.charge.low", "25", "r1"};
  auto ok = result_json(full, {true, command_error::none, "the driver reported success"},
                        "2026-11-24T10:20:00.000Z");
  CHECK(ok.dump() ==
        R"({"request":{"ups":"nas","kind":"set","variable":"battery.charge.low","value":"25",)"
        R"("id":"r1"},"ok":true,"error":null,"detail":"the driver reported success",)"
        R"("time":"2026-11-24T10:20:00.000Z"})");
  request_echo partial{"nas", "instcmd", std::nullopt, std::nullopt, "r2"};
  auto refused = result_json(partial, {false, command_error::bad_request, "not JSON"}, "t");
  CHECK(refused.dump() == R"({"request":{"ups":"nas","kind":"instcmd","id":"r2"},"ok":false,)"
                          R"("error":"bad-request","detail":"not JSON","time":"t"})");
}

TEST_CASE("upsd's errors map to the documented codes") {
  struct row {
    const char* name;
    bool is_set;
    bool tracking;
    command_error expected;
  };
  const row rows[] = {
      {"ACCESS-DENIED", false, false, command_error::access_denied},
      {"USERNAME-REQUIRED", true, false, command_error::access_denied},
      {"CMD-NOT-SUPPORTED", false, false, command_error::cmd_not_supported},
      {"VAR-NOT-SUPPORTED", true, false, command_error::var_not_supported},
      {"READONLY", true, false, command_error::readonly},
      {"INVALID-VALUE", true, false, command_error::invalid_value},
      {"TOO-LONG", true, false, command_error::invalid_value},
      {"DATA-STALE", false, false, command_error::ups_unavailable},
      {"DRIVER-NOT-CONNECTED", true, false, command_error::ups_unavailable},
      {"UNKNOWN-UPS", false, false, command_error::unknown_ups},
      {"INSTCMD-FAILED", false, false, command_error::failed},
      {"SOMETHING-NEW", false, false, command_error::upsd_error},
      // GET TRACKING's verdicts are the driver's.
      {"UNKNOWN", false, true, command_error::cmd_not_supported},
      {"UNKNOWN", true, true, command_error::var_not_supported},
      {"INVALID-ARGUMENT", true, true, command_error::invalid_value},
      {"FAILED", false, true, command_error::failed},
  };
  for (const auto& r : rows) {
    CAPTURE(r.name);
    auto o = outcome_of_upsd_error(nut::parse_error(r.name), r.is_set, "x", "admin", r.tracking);
    CHECK_FALSE(o.ok);
    CHECK(o.error == r.expected);
    CHECK(o.detail.find(std::string("ERR ") + r.name) != std::string::npos);
  }
}

TEST_CASE("access denied on a command names the upsd.users line the user lacks") {
  auto set = outcome_of_upsd_error(nut::parse_error("ACCESS-DENIED"), true, "battery.charge.low",
                                   "admin", false);
  CHECK(set.detail.find("add `actions = SET` to [admin] in upsd.users") != std::string::npos);
  CHECK(set.detail.find("Synology") == std::string::npos);
  auto cmd = outcome_of_upsd_error(nut::parse_error("ACCESS-DENIED"), false, "beeper.mute", "admin",
                                   false);
  CHECK(cmd.detail.find("add `instcmds = beeper.mute` (or `instcmds = ALL`) to [admin]") !=
        std::string::npos);
  // The message of the NAS's permitted devices belongs to listing UPSes, not to commands.
  CHECK(cmd.detail.find("permitted devices") == std::string::npos);
}

TEST_CASE("Synology's built-in user is told it can never run commands") {
  auto words = nut::explain_command_denied("monuser", false, "beeper.mute");
  CHECK(words.find("`instcmds = beeper.mute`") != std::string::npos);
  CHECK(words.find("Synology NAS: its built-in user `monuser` may only monitor") !=
        std::string::npos);
}

TEST_CASE("access denied without a user name says to configure one") {
  auto words = nut::explain_command_denied("", true, "battery.charge.low");
  CHECK(words.find("sends no user name") != std::string::npos);
  CHECK(words.find("`actions = SET`") != std::string::npos);
}
