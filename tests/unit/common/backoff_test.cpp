#include "common/backoff.hpp"

#include <doctest/doctest.h>

#include "common/rate_limiter.hpp"

using namespace nutmqtt::common;
using namespace std::chrono_literals;

TEST_CASE("backoff doubles within jitter up to its maximum, and resets") {
  backoff b(1s, 8s, 42);
  auto within = [](std::chrono::milliseconds d, std::chrono::milliseconds nominal) {
    return d >= nominal / 2 && d <= nominal;
  };
  CHECK(within(b.next(), 1s));
  CHECK(within(b.next(), 2s));
  CHECK(within(b.next(), 4s));
  CHECK(within(b.next(), 8s));
  CHECK(within(b.next(), 8s));
  b.reset();
  CHECK(within(b.next(), 1s));
}

TEST_CASE("rate limiter lets one line per interval through and counts the rest") {
  rate_limiter r(10s);
  rate_limiter::clock::time_point t0{};
  CHECK(r.allow("bad payload", t0) == 0u);
  CHECK_FALSE(r.allow("bad payload", t0 + 1s));
  CHECK_FALSE(r.allow("bad payload", t0 + 2s));
  CHECK(r.allow("other", t0 + 2s) == 0u);
  CHECK(r.allow("bad payload", t0 + 11s) == 2u);
}
