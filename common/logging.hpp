#pragma once
// Log setup shared by both daemons: spdlog to stderr, journald-friendly under systemd.

#include <optional>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace nutmqtt::common {

class map_reader;

struct log_settings {
  spdlog::level::level_enum level = spdlog::level::info;
};

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view name);
// The names parse_log_level() takes, for help texts and errors.
std::string log_level_names();

// Reads the `log` section ({level: info}).
void read_log_settings(map_reader& root, log_settings& out);

// Installs the default logger. Under systemd (JOURNAL_STREAM set) lines carry a syslog priority
// prefix instead of a timestamp, so that `journalctl -p warning` filters them.
void init_logging();
void set_log_level(spdlog::level::level_enum level);

}  // namespace nutmqtt::common
