#include "fake_upsd/request_parser.hpp"

#include <doctest/doctest.h>

using nutmqtt::fake_upsd::request;
using nutmqtt::fake_upsd::request_parser;
using words = std::vector<std::string>;

namespace {

// The words of every request in `text`, fed as one chunk.
std::vector<words> parse(std::string_view text) {
  request_parser parser;
  std::vector<words> out;
  for (auto& r : parser.feed(text)) {
    CHECK_FALSE(r.malformed);
    out.push_back(r.words);
  }
  return out;
}

}  // namespace

TEST_CASE("requests are lines of words separated by spaces, tabs and CR") {
  CHECK(parse("GET VAR ups ups.status\n") ==
        std::vector<words>{{"GET", "VAR", "ups", "ups.status"}});
  CHECK(parse("get  var\tups ups.load\r\n") ==
        std::vector<words>{{"get", "var", "ups", "ups.load"}});
  CHECK(parse("VER\nNETVER\n") == std::vector<words>{{"VER"}, {"NETVER"}});
}

TEST_CASE("an empty line is a request without words") {
  CHECK(parse("\n") == std::vector<words>{{}});
  CHECK(parse("   \t\n") == std::vector<words>{{}});
}

TEST_CASE("quotes group a word and backslashes make the next character literal") {
  CHECK(parse("SET VAR ups ups.status \"OB LB\"\n") ==
        std::vector<words>{{"SET", "VAR", "ups", "ups.status", "OB LB"}});
  CHECK(parse(R"(SET VAR u v "say \"hi\" \\ \#1")"
              "\n") == std::vector<words>{{"SET", "VAR", "u", "v", R"(say "hi" \ #1)"}});
  CHECK(parse("GET VAR dum\\my ups.status\n") ==
        std::vector<words>{{"GET", "VAR", "dummy", "ups.status"}});
  CHECK(parse("A \"\" B\n") == std::vector<words>{{"A", "", "B"}});
  CHECK(parse("GET VAR \"ups.status\"x\n") ==
        std::vector<words>{{"GET", "VAR", "ups.status", "x"}});
}

TEST_CASE("# outside quotes starts a comment, = is a word of its own") {
  CHECK(parse("GET VAR ups ups.status # why\n") ==
        std::vector<words>{{"GET", "VAR", "ups", "ups.status"}});
  CHECK(parse("GET VAR ups ups.status#x\n") ==
        std::vector<words>{{"GET", "VAR", "ups", "ups.status"}});
  CHECK(parse("GET VAR ups=x y\n") == std::vector<words>{{"GET", "VAR", "ups", "=", "x", "y"}});
  CHECK(parse("=a\n") == std::vector<words>{{"=", "a"}});
}

TEST_CASE("an unbalanced quote swallows the following lines") {
  CHECK(parse("\"x\nVER\n\"\nVER\n") == std::vector<words>{{"xVER"}, {"VER"}});
}

TEST_CASE("a backslash before a newline joins the lines") {
  CHECK(parse("GET VAR \\\nups x\n") == std::vector<words>{{"GET", "VAR", "ups", "x"}});
}

TEST_CASE("an unescaped # inside quotes is malformed and the rest of the chunk is dropped") {
  request_parser parser;
  auto first = parser.feed("GET VAR ups \"a#b\"\nVER\n");
  REQUIRE(first.size() == 1);
  CHECK(first[0].malformed);
  // upsd starts afresh with the next read: what followed the '#' in it is gone.
  auto next = parser.feed("b\" x\nNETVER\n");
  REQUIRE(next.size() == 2);
  CHECK(next[0].words == words{"b\"", "x"});
  CHECK(next[1].words == words{"NETVER"});
}

TEST_CASE("control characters and bytes beyond ASCII are dropped") {
  CHECK(parse("GET VAR ups ups.\x01status\x7f\xc3\xa9\n") ==
        std::vector<words>{{"GET", "VAR", "ups", "ups.status\x7f"}});
}

TEST_CASE("words are cut at 512 characters and words after the 32nd are dropped") {
  auto out = parse("W " + std::string(600, 'a') + "\n");
  REQUIRE(out.size() == 1);
  CHECK(out[0][1].size() == request_parser::kMaxWordLength);

  std::string many;
  for (int i = 0; i < 40; ++i)
    many += "w" + std::to_string(i) + " ";
  out = parse(many + "\n");
  REQUIRE(out.size() == 1);
  CHECK(out[0].size() == request_parser::kMaxWords);
  CHECK(out[0].back() == "w31");
}

TEST_CASE("a request may arrive in pieces") {
  request_parser parser;
  CHECK(parser.feed("GET VA").empty());
  CHECK(parser.feed("R ups \"OB ").empty());
  auto done = parser.feed("LB\"\nVE");
  REQUIRE(done.size() == 1);
  CHECK(done[0].words == words{"GET", "VAR", "ups", "OB LB"});
  auto rest = parser.feed("R\n");
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].words == words{"VER"});
}
