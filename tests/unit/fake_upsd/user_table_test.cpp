#include "fake_upsd/user_table.hpp"

#include <stdexcept>

#include <doctest/doctest.h>

using namespace nutmqtt::fake_upsd;

TEST_CASE("the default users match the real test upsd's") {
  auto users = user_table::defaults();
  CHECK(users.allows("admin", "adminpw", action::set));
  CHECK(users.allows("admin", "adminpw", action::fsd));
  CHECK(users.allows("admin", "adminpw", action::instcmd));
  CHECK(users.allows("admin", "adminpw", action::login));
  CHECK(users.allows("admin", "adminpw", action::primary));
  CHECK(users.allows("monuser", "secret", action::login));
  CHECK_FALSE(users.allows("monuser", "secret", action::set));
  CHECK_FALSE(users.allows("monuser", "secret", action::fsd));
  CHECK_FALSE(users.allows("monuser", "secret", action::primary));
  CHECK_FALSE(users.allows("admin", "wrong", action::set));
  CHECK_FALSE(users.allows("nobody", "adminpw", action::set));
  CHECK_FALSE(users.allows("ADMIN", "adminpw", action::set));
}

TEST_CASE("users are read from NAME:PASSWORD:ACTIONS") {
  auto u = parse_user_spec("bench:p:ss:w0rd:SET,instcmd");
  CHECK(u.name == "bench");
  CHECK(u.password.reveal() == "p:ss:w0rd");
  CHECK(u.may_set);
  CHECK(u.may_instcmd);
  CHECK_FALSE(u.may_fsd);
  user_table table({u, parse_user_spec("mon:x:secondary"), parse_user_spec("boss:y:primary")});
  CHECK(table.allows("bench", "p:ss:w0rd", action::set));
  CHECK_FALSE(table.allows("bench", "p:ss:w0rd", action::login));
  CHECK(table.allows("mon", "x", action::login));
  CHECK(table.allows("boss", "y", action::fsd));  // upsmon primary may set FSD
  CHECK(parse_user_spec("quiet:pw:").name == "quiet");
}

TEST_CASE("a bad user spec says why without showing the password") {
  for (const char* bad : {"nocolon", "name:only", ":pw:set", "x:hunter2:set,fly"}) {
    CAPTURE(bad);
    try {
      parse_user_spec(bad);
      FAIL("accepted");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find("hunter2") == std::string::npos);
    }
  }
}
