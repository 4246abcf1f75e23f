// NUT's configuration syntax, as parseconf reads it.

#include "shutdown-agent/upsmon/nut_conf.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::agent;

namespace {

std::vector<std::string> words(std::string_view text) {
  auto c = parse_nut_conf(text);
  REQUIRE(c.errors.empty());
  REQUIRE(c.lines.size() == 1);
  std::vector<std::string> out;
  for (const auto& w : c.lines[0].words)
    out.push_back(w.text);
  return out;
}

}  // namespace

TEST_CASE("parseconf: blanks, quotes, escapes and comments") {
  CHECK(words("this is a line") == std::vector<std::string>{"this", "is", "a", "line"});
  CHECK(words("this \"is also\" a line") ==
        std::vector<std::string>{"this", "is also", "a", "line"});
  CHECK(words("embedded\\ space") == std::vector<std::string>{"embedded space"});
  CHECK(words("embedded\\\\backslash") == std::vector<std::string>{"embedded\\backslash"});
  CHECK(words(R"(MSG "say \"hi\" # not a comment" # a comment)") ==
        std::vector<std::string>{"MSG", "say \"hi\" # not a comment"});
  CHECK(words("word#comment") == std::vector<std::string>{"word"});
  // A quote inside a word is an ordinary character; a closing quote ends the word.
  CHECK(words("ab\"cd ef") == std::vector<std::string>{"ab\"cd", "ef"});
  CHECK(words("\"ab\"cd") == std::vector<std::string>{"ab", "cd"});
  CHECK(words("\"\"") == std::vector<std::string>{""});
  // '=' is a word of its own, outside quotes.
  CHECK(words("a=b \"c=d\"") == std::vector<std::string>{"a", "=", "b", "c=d"});
  // Tabs and CR separate words; other control characters are dropped.
  CHECK(words("a\tb\r") == std::vector<std::string>{"a", "b"});
  CHECK(words("\"a\tb\"") == std::vector<std::string>{"ab"});
}

TEST_CASE("parseconf: a backslash at the end of a line joins the next one") {
  auto c = parse_nut_conf("A \"one \\\ntwo\"\nB x\\\ny\nC\n");
  REQUIRE(c.errors.empty());
  REQUIRE(c.lines.size() == 3);
  CHECK(c.lines[0].line == 1);
  CHECK(c.lines[0].words[1].text == "one two");
  CHECK(c.lines[1].line == 3);
  CHECK(c.lines[1].words[1].text == "xy");
  CHECK(c.lines[2].line == 5);
}

TEST_CASE("lines, columns, empty lines, and an unbalanced quote reported and skipped") {
  auto c = parse_nut_conf("# comment\n\n  FOO bar\nBAD \"open\nNEXT ok");
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].line == 4);
  CHECK(c.errors[0].column == 5);
  CHECK(c.errors[0].message.find("unbalanced quote") != std::string::npos);
  REQUIRE(c.lines.size() == 2);
  CHECK(c.lines[0].line == 3);
  CHECK(c.lines[0].words[0].column == 3);
  CHECK(c.lines[0].words[1].column == 7);
  CHECK(c.lines[1].line == 5);
  CHECK(c.lines[1].words[1].text == "ok");
}
