#pragma once
// Reading an upsmon.conf (NUT 2.8.5's directives) for --import-upsmon: every line checked as
// upsmon would read it, values kept with the line they came from. Passwords (MONITOR's,
// CERTIDENT's) are not kept at all. Pure, apart from read_upsmon_conf.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/config_reader.hpp"

namespace nutmqtt::agent {

struct upsmon_monitor {
  std::string system;  // as written: ups@host[:port]
  std::string ups;     // the UPS's name on its upsd
  std::string host;    // "localhost" when the line names none
  int port = 3493;
  int power_value = 1;
  std::string user;
  bool primary = false;  // primary (master): the host wired to the UPS
  int line = 0;
};

struct upsmon_setting {
  std::vector<std::string> args;  // what follows the directive (secrets replaced)
  int line = 0;
};

struct upsmon_conf {
  std::string file;
  std::vector<upsmon_monitor> monitors;
  // Directives of one value (the last line wins, as in upsmon), by name: "DEADTIME" -> ["15"].
  std::map<std::string, upsmon_setting> settings;
  std::map<std::string, upsmon_setting> notify_messages;  // type -> [message]
  std::map<std::string, upsmon_setting> notify_flags;     // type -> [flags]
  // Directives this reader does not know (a newer NUT's?), by name only: their values may be
  // secrets.
  std::vector<upsmon_setting> unknown;
  std::vector<common::config_problem> problems;  // each with the file, line and column
};

upsmon_conf parse_upsmon_conf(std::string_view text, const std::string& file);

// Reads `path`; a file that cannot be read is one problem.
upsmon_conf read_upsmon_conf(const std::string& path);

// A whole number as upsmon.conf writes one ("15", "-1"), or nullopt.
std::optional<int> conf_integer(std::string_view text);
// yes/no, on/off, true/false, 1/0, any case, or nullopt.
std::optional<bool> conf_boolean(std::string_view text);

}  // namespace nutmqtt::agent
