#include "common/ascii.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::common;

TEST_CASE("ASCII case: letters A-Z only, whatever the locale") {
  CHECK(ascii_lower("UPS.Status ON") == "ups.status on");
  CHECK(ascii_lower("") == "");
  // Bytes outside A-Z, UTF-8 included, are left as they are.
  CHECK(ascii_lower("\xc3\x89T\xc3\x89") == "\xc3\x89t\xc3\x89");
  CHECK(ascii_lower("@[`{") == "@[`{");
  CHECK(ascii_upper("onbatt Ups-1") == "ONBATT UPS-1");
  CHECK(ascii_upper("\xc3\xa9") == "\xc3\xa9");
  CHECK(ascii_iequals("LIST VAR", "list var"));
  CHECK(ascii_iequals("", ""));
  CHECK_FALSE(ascii_iequals("LIST", "LISTS"));
  CHECK_FALSE(ascii_iequals("@", "`"));  // 0x40 and 0x60 differ by the case bit, not letters
  CHECK_FALSE(ascii_iequals("\xc3\x89", "\xc3\xa9"));
}
