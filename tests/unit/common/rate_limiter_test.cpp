#include "common/rate_limiter.hpp"

#include <string>

#include <doctest/doctest.h>

using namespace nutmqtt::common;
using namespace std::chrono_literals;

TEST_CASE("a full rate limiter forgets only the key unused for longest") {
  rate_limiter r(60s, 3);
  rate_limiter::clock::time_point t0{};
  CHECK(r.allow("a", t0) == 0u);
  CHECK(r.allow("b", t0) == 0u);
  CHECK(r.allow("c", t0) == 0u);
  CHECK_FALSE(r.allow("a", t0 + 1s));  // a is now the most recent
  CHECK(r.allow("d", t0 + 2s) == 0u);  // evicts b
  CHECK(r.size() == 3u);
  CHECK_FALSE(r.allow("a", t0 + 3s));
  CHECK_FALSE(r.allow("c", t0 + 3s));
  CHECK(r.allow("b", t0 + 3s) == 0u);  // b was forgotten, so it speaks again
}

TEST_CASE("a flood of new keys cannot reset a key that keeps complaining") {
  rate_limiter r(60s, 16);
  rate_limiter::clock::time_point t0{};
  CHECK(r.allow("state/invalid", t0) == 0u);
  std::size_t lines = 0;
  for (int i = 0; i < 3000; ++i) {
    if (r.allow("state/invalid", t0 + 1ms * i)) ++lines;
    if (r.allow("made-up " + std::to_string(i), t0 + 1ms * i)) ++lines;
  }
  CHECK(r.size() == 16u);
  // The repeated key stayed quiet and counted: one line after the interval with the count.
  CHECK(r.allow("state/invalid", t0 + 61s) == 3000u);
}
