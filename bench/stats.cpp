#include "bench/stats.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nutmqtt::bench {

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) throw std::invalid_argument("percentile of no samples");
  if (p < 0 || p > 100) throw std::invalid_argument("percentile outside 0..100");
  const double rank = p / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  const auto above = std::min(below + 1, sorted.size() - 1);
  const double weight = rank - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * weight;
}

std::optional<distribution> summarize(std::vector<double> samples) {
  if (samples.empty()) return std::nullopt;
  std::sort(samples.begin(), samples.end());
  distribution d;
  d.count = samples.size();
  d.min = samples.front();
  d.median = percentile(samples, 50);
  d.p90 = percentile(samples, 90);
  d.p99 = percentile(samples, 99);
  d.max = samples.back();
  return d;
}

std::optional<double> median(std::vector<double> samples) {
  auto d = summarize(std::move(samples));
  if (!d) return std::nullopt;
  return d->median;
}

}  // namespace nutmqtt::bench
