#include "bridge/ups/ups_roster.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::bridge;
using namespace std::chrono_literals;
using names = std::vector<std::string>;

namespace {

const ups_roster::clock::time_point t0{};

names numbered(const std::string& prefix, int from, int count) {
  names out;
  for (int i = from; i < from + count; ++i)
    out.push_back(prefix + std::to_string(i));
  return out;
}

}  // namespace

TEST_CASE("new UPSes are watched up to max_ups, the others counted") {
  ups_roster r(3, 60s);
  auto c = r.listed({"a", "b", "c", "d", "e"}, t0);
  CHECK(c.added == names{"a", "b", "c"});
  CHECK(c.refused == 2);
  CHECK(r.polled() == names{"a", "b", "c"});
}

TEST_CASE("a UPS no longer listed is not polled, then forgotten after the grace period") {
  ups_roster r(10, 60s);
  r.listed({"a", "b"}, t0);
  auto gone = r.listed({"a"}, t0 + 5s);
  CHECK(gone.missing == names{"b"});
  CHECK(r.polled() == names{"a"});
  CHECK(r.watches("b"));
  // Still missing but within the grace period: nothing new.
  CHECK(r.listed({"a"}, t0 + 30s).empty());
  auto later = r.listed({"a"}, t0 + 5s + 60s);
  CHECK(later.forgotten == names{"b"});
  CHECK_FALSE(r.watches("b"));
  CHECK(r.size() == 1);
}

TEST_CASE("a UPS listed again within the grace period is polled again, not re-added") {
  ups_roster r(10, 60s);
  r.listed({"a", "b"}, t0);
  r.listed({"a"}, t0 + 1s);
  auto back = r.listed({"a", "b"}, t0 + 2s);
  CHECK(back.back == names{"b"});
  CHECK(back.added.empty());
  CHECK(r.polled() == names{"a", "b"});
  // The clock starts again when it goes missing again.
  r.listed({"a"}, t0 + 50s);
  CHECK(r.listed({"a"}, t0 + 100s).forgotten.empty());
  CHECK(r.listed({"a"}, t0 + 111s).forgotten == names{"b"});
}

TEST_CASE("a server inventing new names each time never gets past max_ups") {
  ups_roster r(100, 60s);
  std::size_t refused = 0;
  for (int round = 0; round < 50; ++round) {
    auto c = r.listed(numbered("ghost", round * 5000, 5000), t0 + round * 3s);
    refused += c.refused;
    CHECK(r.size() <= 100);
  }
  CHECK(refused >= 49 * 4900);
  // Once forgotten, new names take the free places.
  auto c = r.listed(numbered("late", 0, 5000), t0 + 1h);
  CHECK(c.forgotten.size() == 100);
  CHECK(c.added.size() == 100);
  CHECK(r.size() == 100);
}

TEST_CASE("a name the owner refuses takes no place") {
  ups_roster r(2, 60s);
  auto c = r.listed({"bad+name", "a", "b"}, t0,
                    [](const std::string& n) { return n.find('+') == std::string::npos; });
  CHECK(c.added == names{"a", "b"});
  CHECK(c.refused == 0);
}

TEST_CASE("duplicates in one listing count once") {
  ups_roster r(5, 60s);
  auto c = r.listed({"a", "a", "a"}, t0);
  CHECK(c.added == names{"a"});
  CHECK(r.size() == 1);
}
