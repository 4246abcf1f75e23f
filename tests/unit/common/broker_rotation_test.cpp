#include "common/broker_rotation.hpp"

#include <doctest/doctest.h>

using nutmqtt::common::broker_rotation;

TEST_CASE("a single broker backs off after every failure, as before failover existed") {
  broker_rotation r(1);
  for (int i = 0; i < 3; ++i) {
    CHECK(r.failed());
    CHECK(r.current() == 0);
  }
}

TEST_CASE("a dead first broker costs one attempt before the second is tried") {
  broker_rotation r(3);
  CHECK(r.current() == 0);
  CHECK_FALSE(r.failed());  // the second at once
  CHECK(r.current() == 1);
  CHECK_FALSE(r.failed());  // the third at once
  CHECK(r.current() == 2);
  CHECK(r.failed());  // all failed: back off, then begin again at the first
  CHECK(r.current() == 0);
  CHECK_FALSE(r.failed());
  CHECK(r.current() == 1);
}

TEST_CASE("a round begins where the session lost its broker") {
  broker_rotation r(3);
  CHECK_FALSE(r.failed());
  r.begin_round();  // connected to the second; later lost it
  CHECK(r.current() == 1);
  CHECK_FALSE(r.failed());
  CHECK(r.current() == 2);
  CHECK_FALSE(r.failed());
  CHECK(r.current() == 0);
  CHECK(r.failed());  // the second, third and first each failed once
  CHECK(r.current() == 1);
}

TEST_CASE("failback goes to the first broker and begins a round there") {
  broker_rotation r(2);
  CHECK_FALSE(r.failed());
  r.begin_round();
  CHECK_FALSE(r.on_first());
  r.to_first();
  CHECK(r.on_first());
  CHECK_FALSE(r.failed());  // the first failed again: the second at once, no backoff
  CHECK(r.current() == 1);
}
