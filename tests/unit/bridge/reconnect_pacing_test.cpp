#include <doctest/doctest.h>

#include "bridge/nut/request_pacer.hpp"
#include "common/backoff.hpp"

using namespace nutmqtt;
using namespace std::chrono_literals;

namespace {

bool within(std::chrono::milliseconds d, std::chrono::milliseconds nominal) {
  return d >= nominal / 2 && d <= nominal;
}

}  // namespace

TEST_CASE("a connection that fails soon after working does not restart the backoff") {
  common::backoff b(1s, 30s, 30s, 7);
  common::backoff::clock::time_point t{};
  // A server that answers LIST UPS, then fails its LIST VAR a moment later, every time.
  for (auto nominal : {1s, 2s, 4s, 8s, 16s, 30s, 30s}) {
    b.healthy(t);
    t += 200ms;
    CHECK(within(b.next(t), nominal));
    t += 30s;  // the delay, and more
  }
}

TEST_CASE("a connection that worked for the settle time makes the next failure a first one") {
  common::backoff b(1s, 30s, 30s, 7);
  common::backoff::clock::time_point t{};
  CHECK(within(b.next(t), 1s));
  CHECK(within(b.next(t), 2s));
  CHECK(within(b.next(t), 4s));
  b.healthy(t);
  b.healthy(t + 20s);  // later calls do not move the start of the stretch
  CHECK(within(b.next(t + 31s), 1s));
  // Without healthy() in between, failures keep counting.
  CHECK(within(b.next(t + 90s), 2s));
}

TEST_CASE("the request pacer lets a second's worth through at once, then paces") {
  bridge::request_pacer p(100);
  bridge::request_pacer::clock::time_point t{};
  int sent = 0;
  while (p.take(t) && sent < 1000)
    ++sent;
  CHECK(sent == 100);
  auto next = p.next_token(t);
  CHECK(next > t);
  CHECK(next <= t + 11ms);
  CHECK(p.take(next));
  CHECK_FALSE(p.take(next));
  // Over ten seconds: the rate and no more.
  int later = 0;
  for (int ms = 1; ms <= 10'000; ++ms) {
    while (p.take(next + std::chrono::milliseconds(ms)))
      ++later;
  }
  CHECK(later >= 995);
  CHECK(later <= 1001);
}
