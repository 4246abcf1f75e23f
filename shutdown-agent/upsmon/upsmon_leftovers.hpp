#pragma once
// What of an upsmon.conf the agent has no use for, and why: the lines --import-upsmon lists as
// "not carried over" (never dropped in silence). Pure.

#include <string>
#include <vector>

#include "shutdown-agent/upsmon/upsmon_conf.hpp"

namespace nutmqtt::agent {

// One line per directive, in file order: "POLLFREQ 5 (upsmon.conf:11): nutmqtt-bridge polls
// upsd ...". `name` is how the file is called in them.
std::vector<std::string> upsmon_leftovers(const upsmon_conf& conf, const std::string& name);

// Arguments as upsmon.conf writes them: quoted when they hold blanks, quotes or '#'.
std::string conf_args(const std::vector<std::string>& args);

}  // namespace nutmqtt::agent
