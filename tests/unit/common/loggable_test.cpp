#include "common/loggable.hpp"

#include <string>

#include <doctest/doctest.h>

using namespace nutmqtt::common;
using namespace std::string_literals;

TEST_CASE("plain text, UTF-8 included, is logged as it is") {
  CHECK(loggable("ups1 on nas:3493") == "ups1 on nas:3493");
  CHECK(loggable("Onduleur « salon » 1500 VA — ✓") == "Onduleur « salon » 1500 VA — ✓");
  CHECK(loggable("") == "");
}

TEST_CASE("control characters cannot forge lines or drive the terminal") {
  CHECK(loggable("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(loggable("\x1b[2J\x1b]0;pwned\x07") == "\\x1B[2J\\x1B]0;pwned\\x07");
  CHECK(loggable("nul\0byte"s) == "nul\\x00byte");
  CHECK(loggable("del\x7f") == "del\\x7F");
  // Escapes stay unambiguous: a literal backslash is doubled.
  CHECK(loggable("C:\\x1B") == "C:\\\\x1B");
}

TEST_CASE("invalid UTF-8 is replaced, one U+FFFD per bad byte") {
  CHECK(loggable("a\xff"
                 "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(loggable("\xc3") == "\xEF\xBF\xBD");                                  // cut sequence
  CHECK(loggable("\xc0\xaf") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  CHECK(loggable("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(loggable("\xf4\x90\x80\x80") ==
        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // above U+10FFFF
}

TEST_CASE("bidirectional controls and C1 controls are shown, not obeyed") {
  CHECK(loggable("user\u202Egnp.exe") == "user\\u{202E}gnp.exe");
  CHECK(loggable("\u2066x\u2069") == "\\u{2066}x\\u{2069}");
  CHECK(loggable("\u200F\u061C") == "\\u{200F}\\u{061C}");
  CHECK(loggable("a\u2028b") == "a\\u{2028}b");
  CHECK(loggable("\xc2\x9b"
                 "31m") == "\\u{009B}31m");
}

TEST_CASE("long text is cut, saying how long it was") {
  const std::string big(20000, 'x');
  const std::string out = loggable(big);
  CHECK(out == std::string(kLogTextMax, 'x') + "...(20000 bytes)");
  CHECK(loggable(std::string(kLogTextMax, 'y')) == std::string(kLogTextMax, 'y'));
  // The limit counts escaped bytes, and never splits an escape or a character.
  CHECK(loggable("\n\n\n", 5) == "\\n\\n...(3 bytes)");
  CHECK(loggable("éé", 3) == "é...(4 bytes)");
  const std::string controls(1000, '\x01');
  CHECK(loggable(controls).size() <= kLogTextMax + 20);
}
