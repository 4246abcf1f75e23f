#include <doctest/doctest.h>

#include "common/mqtt_session.hpp"

using namespace std::chrono_literals;

// An agent cut off from the broker counts its UPSes as unheard of: a broker back after a few
// seconds must be found again within a couple of seconds, however many attempts failed.
TEST_CASE("a lost broker is tried again at least every 2 s, never in a busy loop") {
  auto b = nutmqtt::common::mqtt_reconnect_backoff();
  std::chrono::milliseconds total{0};
  for (int attempt = 0; attempt < 40; ++attempt) {
    const auto d = b.next();
    CHECK(d <= 2s);
    CHECK(d >= 250ms);
    total += d;
  }
  CHECK(total >= 10s);
}
