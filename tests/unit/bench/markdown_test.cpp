#include "bench/markdown.hpp"

#include <stdexcept>

#include <doctest/doctest.h>

using namespace nutmqtt::bench;

TEST_CASE("a Markdown table: header, separator, rows, short rows padded, pipes escaped") {
  markdown_table t({"what", "value"});
  t.add_row({"a|b", "1"});
  t.add_row({"only one"});
  CHECK(t.render() ==
        "| what | value |\n"
        "|---|---|\n"
        "| a\\|b | 1 |\n"
        "| only one |  |\n");
  CHECK_THROWS_AS(t.add_row({"1", "2", "3"}), std::invalid_argument);
}

TEST_CASE("numbers with fixed decimals, n/a when unknown, verdicts") {
  CHECK(fixed(0.2567, 3) == "0.257");
  CHECK(fixed(12.0, 1) == "12.0");
  CHECK(fixed(std::nullopt, 2) == "n/a");
  CHECK(verdict(true) == "met");
  CHECK(verdict(false) == "**missed**");
}
