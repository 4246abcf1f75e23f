#include "common/ids.hpp"

#include <doctest/doctest.h>

using nutmqtt::common::id_problem;
using nutmqtt::common::sanitize_id;

TEST_CASE("valid ids are one topic level") {
  for (const char* good : {"nas", "ups", "rack-1", "UPS.2", "a", "x_y"}) {
    CAPTURE(good);
    CHECK_FALSE(id_problem(good).has_value());
  }
  CHECK_FALSE(id_problem(std::string(64, 'a')).has_value());
}

TEST_CASE("invalid ids say what is wrong") {
  CHECK(id_problem("")->find("empty") != std::string::npos);
  CHECK(id_problem(std::string(65, 'a'))->find("at most 64") != std::string::npos);
  CHECK(id_problem("a/b")->find("'/'") != std::string::npos);
  CHECK(id_problem("a+b")->find("'+'") != std::string::npos);
  CHECK(id_problem("a#")->find("'#'") != std::string::npos);
  CHECK(id_problem("_bridge")->find("'_'") != std::string::npos);
  CHECK(id_problem("a b")->find("printable") != std::string::npos);
  CHECK(id_problem("caf\xc3\xa9").has_value());
  CHECK(id_problem(std::string("a\0b", 3)).has_value());
}

TEST_CASE("sanitize_id makes defaults from arbitrary names") {
  CHECK(sanitize_id("raspberrypi") == "raspberrypi");
  CHECK(sanitize_id("my host/1") == "my-host-1");
  CHECK(sanitize_id("__x") == "x");
  CHECK(sanitize_id("#+/") == "");
  CHECK(sanitize_id(std::string(100, 'z')).size() == 64);
  CHECK_FALSE(id_problem(nutmqtt::common::host_id()).has_value());
}
