// What the start-up credentials check tells the user, by verdict and by whether a LOGIN is
// needed (`login: true`).

#include <string>

#include <doctest/doctest.h>

#include "bridge/nut/credential_check.hpp"

using nutmqtt::bridge::credential_verdict;
using nutmqtt::bridge::describe_verdict;
using outcome = credential_verdict::outcome;

TEST_CASE("a user who can run commands but not LOGIN is warned only when LOGIN is needed") {
  credential_verdict v{outcome::commands_only, "ERR ACCESS-DENIED on LOGIN"};
  auto needed = describe_verdict("nas:3493", "admin", v, true);
  CHECK(needed.level == spdlog::level::warn);
  CHECK(needed.message.find("can run commands") != std::string::npos);
  CHECK(needed.message.find("cannot LOGIN, which `login: true` needs") != std::string::npos);
  CHECK(needed.message.find("`upsmon secondary` line to [admin]") != std::string::npos);

  auto not_needed = describe_verdict("nas:3493", "admin", v, false);
  CHECK(not_needed.level == spdlog::level::info);
  CHECK(not_needed.message.find("accepted the password of `admin` for commands") !=
        std::string::npos);
}

TEST_CASE("a user refused both LOGIN and SET is told what may be wrong, as a warning") {
  credential_verdict v{outcome::refused,
                       "ERR ACCESS-DENIED on LOGIN, ERR ACCESS-DENIED on SET VAR"};
  auto r = describe_verdict("nas:3493", "admin", v, false);
  CHECK(r.level == spdlog::level::warn);
  CHECK(r.message.find("the password may be wrong") != std::string::npos);
  CHECK(r.message.find("ERR ACCESS-DENIED on SET VAR") != std::string::npos);
  // With `login: true`, the LOGIN session reports it (once, with what LOGIN needs).
  CHECK(describe_verdict("nas:3493", "admin", v, true).level == spdlog::level::debug);
}

TEST_CASE("accepted credentials and failed checks are not news") {
  CHECK(describe_verdict("s", "u", {outcome::accepted, {}}, true).level == spdlog::level::debug);
  CHECK(describe_verdict("s", "u", {outcome::unknown, "timeout"}, false).level ==
        spdlog::level::debug);
}
