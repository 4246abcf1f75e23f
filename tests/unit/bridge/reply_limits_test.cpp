#include <doctest/doctest.h>

#include "bridge/nut/nut_protocol.hpp"

using namespace nutmqtt::bridge::nut;

namespace {

using state = reply_assembler::state;

// Feeds BEGIN, `n` item lines made by `item(i)` and END; returns the state after END.
template <typename Item>
std::pair<state, reply> list_of(const request& r, const reply_limits& limits, std::size_t n,
                                Item item) {
  reply_assembler a(r, limits);
  CHECK(a.feed("BEGIN LIST " + r.list_of) == state::need_more);
  for (std::size_t i = 0; i < n; ++i)
    REQUIRE(a.feed(item(i)) == state::need_more);
  auto s = a.feed("END LIST " + r.list_of);
  return {s, a.take()};
}

std::string var_line(std::size_t i) {
  return "VAR ups v" + std::to_string(i) + " \"" + std::to_string(i) + "\"";
}

}  // namespace

TEST_CASE("a LIST VAR reply keeps max_vars items, reads the rest to its end and says so") {
  reply_limits limits;
  limits.max_vars = 100;
  auto [s, r] = list_of(list_var("ups"), limits, 100'000, var_line);
  CHECK(s == state::done);
  CHECK(r.items.size() == 100);
  CHECK(r.items.back()[2] == "v99");
  CHECK(r.items_dropped == 99'900);
  CHECK(std::string(r.limit_hit) == "max_vars");
}

TEST_CASE("a reply within the limits is whole and marked uncut") {
  auto [s, r] = list_of(list_var("ups"), reply_limits{}, 200, var_line);
  CHECK(s == state::done);
  CHECK(r.items.size() == 200);
  CHECK(r.items_dropped == 0);
  CHECK(r.limit_hit == nullptr);
}

TEST_CASE("LIST UPS is cut at max_ups, other lists at max_list_items") {
  reply_limits limits;
  limits.max_ups = 3;
  limits.max_list_items = 5;
  auto [s1, ups] = list_of(list_ups(), limits, 50,
                           [](std::size_t i) { return "UPS u" + std::to_string(i) + " \"x\""; });
  CHECK(s1 == state::done);
  CHECK(ups.items.size() == 3);
  CHECK(std::string(ups.limit_hit) == "max_ups");
  auto [s2, cmds] = list_of(list_cmd("ups"), limits, 50,
                            [](std::size_t i) { return "CMD ups c" + std::to_string(i); });
  CHECK(s2 == state::done);
  CHECK(cmds.items.size() == 5);
  CHECK(std::string(cmds.limit_hit) == "max_list_items");
}

TEST_CASE("the bytes of one reply are bounded by max_reply_bytes") {
  reply_limits limits;
  limits.max_reply_bytes = 64 * 1024;
  const std::string big(400, 'x');
  auto [s, r] = list_of(list_var("ups"), limits, 10'000, [&](std::size_t i) {
    return "VAR ups v" + std::to_string(i) + " \"" + big + "\"";
  });
  CHECK(s == state::done);
  std::size_t kept = 0;
  for (const auto& item : r.items)
    kept += item[3].size();
  CHECK(kept <= limits.max_reply_bytes);
  CHECK(r.items.size() > 100);
  CHECK(std::string(r.limit_hit) == "max_reply_bytes");
}

TEST_CASE("past a limit a wrong end of list is still refused") {
  reply_limits limits;
  limits.max_vars = 1;
  reply_assembler a(list_var("ups"), limits);
  CHECK(a.feed("BEGIN LIST VAR ups") == state::need_more);
  CHECK(a.feed(var_line(0)) == state::need_more);
  CHECK(a.feed(var_line(1)) == state::need_more);
  CHECK(a.feed("END LIST VAR other") == state::bad);
}

TEST_CASE("the line splitter refuses a line over its limit, complete or not") {
  line_splitter s(16);
  CHECK(s.feed("short line\n"));
  CHECK(s.next() == "short line");
  CHECK_FALSE(s.feed(std::string(17, 'a')));
  line_splitter t(16);
  CHECK_FALSE(t.feed(std::string(40, 'b') + "\n"));
}
