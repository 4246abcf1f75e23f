#pragma once
// The machine and the versions a run measured, for the report's header.

#include <string>
#include <string_view>

#include "bench/results.hpp"

namespace nutmqtt::bench {

// `revision`: the source revision (git describe), or empty.
machine_info collect_machine_info(bool quick, const std::string& revision);

// "Network UPS Tools upsd 2.8.0\n..." -> "2.8.0": the last word of the first line. Pure.
std::string version_word(std::string_view output);
// The value of the first "model name" line of /proc/cpuinfo. Pure.
std::string cpu_model(std::string_view cpuinfo);

}  // namespace nutmqtt::bench
