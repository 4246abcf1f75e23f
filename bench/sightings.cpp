#include "bench/sightings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <nlohmann/json.hpp>

#include "bench/text_lines.hpp"

namespace nutmqtt::bench {
namespace {

// "<number> <rest>": the number and the rest, or nullopt.
std::optional<std::pair<double, std::string_view>> stamped(std::string_view line) {
  auto space = line.find(' ');
  if (space == std::string_view::npos || space == 0) return std::nullopt;
  double at = 0;
  auto [ptr, ec] = std::from_chars(line.data(), line.data() + space, at);
  if (ec != std::errc{} || ptr != line.data() + space) return std::nullopt;
  return std::pair{at, line.substr(space + 1)};
}

}  // namespace

std::vector<sighting> parse_script_log(std::string_view text) {
  std::vector<sighting> out;
  for_each_line(text, [&](std::string_view line) {
    auto s = stamped(line);
    if (!s || s->second.empty()) return;
    std::string event(s->second);
    std::transform(event.begin(), event.end(), event.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    out.push_back({s->first, std::move(event)});
  });
  return out;
}

std::vector<sighting> parse_event_log(std::string_view text) {
  std::vector<sighting> out;
  for_each_line(text, [&](std::string_view line) {
    auto s = stamped(line);
    if (!s) return;
    auto payload = nlohmann::json::parse(s->second, nullptr, /*allow_exceptions=*/false);
    if (!payload.is_object()) return;
    auto type = payload.find("event_type");
    if (type == payload.end() || !type->is_string()) return;
    out.push_back({s->first, type->get<std::string>()});
  });
  return out;
}

std::vector<std::optional<double>> match_sightings(const std::vector<flip>& flips,
                                                   std::vector<sighting> sightings) {
  std::sort(sightings.begin(), sightings.end(),
            [](const sighting& a, const sighting& b) { return a.at < b.at; });
  std::vector<bool> used(sightings.size(), false);
  std::vector<std::optional<double>> out;
  for (std::size_t i = 0; i < flips.size(); ++i) {
    const auto& f = flips[i];
    // A sighting after the next flip to the same state belongs to that flip, not this one.
    std::optional<double> until;
    for (std::size_t j = i + 1; j < flips.size(); ++j) {
      if (flips[j].event == f.event) {
        until = flips[j].requested;
        break;
      }
    }
    std::optional<double> seen;
    for (std::size_t k = 0; k < sightings.size(); ++k) {
      const auto& s = sightings[k];
      if (used[k] || s.event != f.event || s.at < f.requested) continue;
      if (until && s.at >= *until) break;
      used[k] = true;
      seen = s.at;
      break;
    }
    out.push_back(seen);
  }
  return out;
}

std::vector<std::optional<double>> delays(const std::vector<flip>& flips,
                                          const std::vector<std::optional<double>>& seen,
                                          double flip::*since) {
  std::vector<std::optional<double>> out;
  for (std::size_t i = 0; i < flips.size() && i < seen.size(); ++i) {
    out.push_back(seen[i] ? std::optional(*seen[i] - flips[i].*since) : std::nullopt);
  }
  return out;
}

}  // namespace nutmqtt::bench
