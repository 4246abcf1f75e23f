#pragma once
// `nutmqtt-shutdown-agent --import-upsmon upsmon.conf [--upssched upssched.conf]`: an agent
// configuration equivalent to the files, as commented YAML. Every directive of the files is
// either carried over (with where it came from) or listed with the reason it is not; passwords
// are never written. Pure: the files are read beforehand, and where programs are found on this
// host is asked of `find_program`.

#include <string>
#include <vector>

#include "common/config_reader.hpp"
#include "shutdown-agent/processes/command_line.hpp"
#include "shutdown-agent/upsmon/upsmon_conf.hpp"
#include "shutdown-agent/upsmon/upssched_conf.hpp"

namespace nutmqtt::agent {

struct upsmon_import {
  std::string yaml;                              // the configuration (empty with problems)
  std::vector<std::string> warnings;             // also written into the YAML as comments
  std::vector<common::config_problem> problems;  // what makes the files unusable
};

// `upssched`: the file --upssched named, if any.
upsmon_import import_upsmon(const upsmon_conf& upsmon, const upssched_import* upssched,
                            const std::string& upssched_file,
                            const program_finder& find_program = find_in_path);

}  // namespace nutmqtt::agent
