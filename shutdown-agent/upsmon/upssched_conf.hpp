#pragma once
// Importing an existing upssched.conf (NUT 2.8.5's: START-TIMER-SHARED and CANCEL-TIMER-MATCHED
// included): its CMDSCRIPT and AT lines become the agent's rules, so that a user can keep the
// file (and the script) they already have.

#include <string>
#include <string_view>
#include <vector>

#include "common/config_reader.hpp"
#include "shutdown-agent/logic/rule.hpp"
#include "shutdown-agent/upsmon/nut_conf.hpp"

namespace nutmqtt::agent {

struct upssched_import {
  std::string cmdscript;  // empty when the file has no CMDSCRIPT line
  std::vector<rule> rules;
  std::vector<common::config_problem> problems;  // each with the file and line
  std::vector<std::string> notes;                // informational (directives ignored on purpose)
  std::vector<std::string> warnings;             // accepted, but probably not what was meant
};

upssched_import parse_upssched_conf(std::string_view text, const std::string& file);

// Reads `path`; a file that cannot be read is one problem.
upssched_import read_upssched_conf(const std::string& path);

}  // namespace nutmqtt::agent
