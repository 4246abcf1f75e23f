#pragma once
// One Markdown section per benchmark. Pure.

#include <optional>
#include <string>
#include <vector>

#include "bench/results.hpp"

namespace nutmqtt::bench {

// The values that are there (sightings that happened).
std::vector<double> seen_values(const std::vector<std::optional<double>>& all);

std::string render_machine(const machine_info& m);
std::string render_latency(const latency_result& l);
std::string render_direct_latency(const latency_result& l);
std::string render_footprint(const latency_result& l);
std::string render_scale(const scale_result& s);
std::string render_poll_cost(const poll_cost_result& p);
std::string render_hostile(const hostile_result& h);
std::string render_agent_flood(const agent_flood_result& f);

}  // namespace nutmqtt::bench
