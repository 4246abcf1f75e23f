#include "fake_upsd/reply_format.hpp"

#include <doctest/doctest.h>

#include "fake_upsd/request_parser.hpp"

using namespace nutmqtt::fake_upsd;

TEST_CASE("values are escaped like upsd's pconf_encode") {
  CHECK(escape_value("plain text") == "plain text");
  CHECK(escape_value(R"(a"b)") == R"(a\"b)");
  CHECK(escape_value(R"(a\b)") == R"(a\\b)");
  CHECK(escape_value("UPS #1") == R"(UPS \#1)");
  CHECK(quoted("") == R"("")");
  CHECK(quoted(R"(Test "UPS" #1)") == R"("Test \"UPS\" \#1")");
}

TEST_CASE("a quoted value reads back as the same word") {
  for (std::string value : {"OL", "OB LB", R"(say "hi")", R"(back\slash)", "# not a comment", "",
                            "  spaces  ", R"(\"#\)", "a=b"}) {
    CAPTURE(value);
    request_parser parser;
    auto requests = parser.feed("VAR ups x " + quoted(value) + "\n");
    REQUIRE(requests.size() == 1);
    REQUIRE_FALSE(requests[0].malformed);
    REQUIRE(requests[0].words.size() == 4);
    CHECK(requests[0].words[3] == value);
  }
}

TEST_CASE("reply lines end in a newline and never exceed 512 bytes") {
  std::string out;
  append_line(out, "OK");
  append_error(out, "UNKNOWN-UPS");
  CHECK(out == "OK\nERR UNKNOWN-UPS\n");

  std::string long_reply;
  append_line(long_reply, std::string(2000, 'x'));
  CHECK(long_reply.size() == kMaxReplyLine);
  CHECK(long_reply.back() == '\n');
  CHECK(long_reply.find('\n') == kMaxReplyLine - 1);
}
