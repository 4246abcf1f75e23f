#include "common/utf8.hpp"

#include <string>

#include <doctest/doctest.h>

using namespace nutmqtt::common;
using namespace std::string_literals;

TEST_CASE("printable_utf8 keeps text and replaces controls and invalid bytes") {
  const std::string r = "\xEF\xBF\xBD";
  CHECK(printable_utf8("Back-UPS ES 700 — 230 V") == "Back-UPS ES 700 — 230 V");
  CHECK(printable_utf8("a\0b"s) == "a" + r + "b");
  CHECK(printable_utf8("\t\n\x7f") == r + r + r);
  CHECK(printable_utf8("\xc3(") == r + "(");
  CHECK(printable_utf8("\xe2\x82") == r + r);
  CHECK(printable_utf8("") == "");
}

TEST_CASE("utf8_decode reads one character or refuses") {
  char32_t cp = 0;
  CHECK(utf8_decode("\xe2\x82\xac", cp) == 3);
  CHECK(cp == 0x20AC);
  CHECK(utf8_decode("\xf0\x9f\x94\x8b", cp) == 4);
  CHECK(cp == 0x1F50B);
  CHECK(utf8_decode("\xe0\x80\x80", cp) == 0);  // overlong
  CHECK(utf8_decode("\x80", cp) == 0);
}
