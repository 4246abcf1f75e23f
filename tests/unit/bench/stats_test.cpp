#include "bench/stats.hpp"

#include <stdexcept>

#include <doctest/doctest.h>

using namespace nutmqtt::bench;

TEST_CASE("percentiles interpolate between the closest ranks") {
  const std::vector<double> sorted = {1, 2, 3, 4};
  CHECK(percentile(sorted, 0) == doctest::Approx(1));
  CHECK(percentile(sorted, 50) == doctest::Approx(2.5));  // the mean of the middle two
  CHECK(percentile(sorted, 90) == doctest::Approx(3.7));
  CHECK(percentile(sorted, 100) == doctest::Approx(4));
  CHECK(percentile({7}, 99) == doctest::Approx(7));
  CHECK_THROWS_AS(percentile({}, 50), std::invalid_argument);
  CHECK_THROWS_AS(percentile(sorted, 101), std::invalid_argument);
}

TEST_CASE("a summary sorts its samples and gives median, p90, p99 and max") {
  std::vector<double> samples;
  for (int i = 100; i >= 1; --i)
    samples.push_back(i / 100.0);  // 0.01 .. 1.00, given in reverse
  auto d = summarize(samples);
  REQUIRE(d);
  CHECK(d->count == 100);
  CHECK(d->min == doctest::Approx(0.01));
  CHECK(d->median == doctest::Approx(0.505));
  CHECK(d->p90 == doctest::Approx(0.901));
  CHECK(d->p99 == doctest::Approx(0.9901));
  CHECK(d->max == doctest::Approx(1.0));
  CHECK_FALSE(summarize({}));
  CHECK(median({3, 1, 2}) == doctest::Approx(2));
}
