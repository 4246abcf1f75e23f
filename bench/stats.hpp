#pragma once
// Summaries of measured samples: median, 90th and 99th percentile, max. Pure.

#include <cstddef>
#include <optional>
#include <vector>

namespace nutmqtt::bench {

struct distribution {
  std::size_t count = 0;
  double min = 0;
  double median = 0;
  double p90 = 0;
  double p99 = 0;
  double max = 0;
};

// The p-th percentile (0..100) of `sorted` (ascending, not empty), interpolated linearly
// between the two closest ranks (numpy's default), so that the median of an even count is the
// mean of the two middle values and the 100th percentile is the max.
double percentile(const std::vector<double>& sorted, double p);

// nullopt for no samples.
std::optional<distribution> summarize(std::vector<double> samples);

// The median of `samples`; nullopt for none.
std::optional<double> median(std::vector<double> samples);

}  // namespace nutmqtt::bench
