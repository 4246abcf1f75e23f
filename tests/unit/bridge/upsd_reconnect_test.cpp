#include <doctest/doctest.h>

#include "bridge/nut/server_poller.hpp"

using namespace std::chrono_literals;
using nutmqtt::bridge::upsd_reconnect_backoff;

// upsmon tries a lost upsd again at every poll; the bridge must notice a restarted upsd as
// soon, or an agent counts a UPS on battery as unheard of for longer than upsd was away.
TEST_CASE("a upsd that cannot be reached is tried again within one status interval, however long") {
  for (auto interval : {100ms, 500ms, 1000ms, 5000ms}) {
    CAPTURE(interval.count());
    const auto limit = std::max<std::chrono::milliseconds>(interval, 1s);
    auto b = upsd_reconnect_backoff(interval);
    for (int attempt = 0; attempt < 40; ++attempt) {
      const auto d = b.next();
      CHECK(d <= limit);
      CHECK(d >= limit / 2);  // jitter, never a busy loop
    }
  }
}
