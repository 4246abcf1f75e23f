#pragma once
// The command line of nutmqtt-fake-upsd, and how it becomes the fake's options: N UPSes spread
// over S servers on consecutive or given ports.

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "fake_upsd/fake_upsd.hpp"

namespace nutmqtt::fake_upsd {

struct cli_settings {
  int servers = 1;
  int ups = 1;
  int base_port = 0;  // 0: free ports
  std::vector<int> ports;
  std::string address = "127.0.0.1";
  std::string name_pattern = "ups{:04}";
  int first_index = 1;
  std::string dev_file;
  std::string drift_interval = "0";
  std::uint64_t seed = 1;
  std::string users_file;
  std::string mode = "normal";
  std::string slow_delay = "1s";
  std::string idle_timeout = "0";
  std::size_t huge_list_lines = 1'000'000;
  std::size_t new_names = 5000;
  std::string new_names_linger = "3s";
  std::string tls_certificate;
  std::string tls_key;
  std::string log_level = "info";
};

void add_cli_options(CLI::App& app, cli_settings& settings);

struct server_plan {
  std::string first_ups;
  std::string last_ups;
};

// The fake's options, and for each server its first and last UPS names. Throws
// std::invalid_argument listing every problem found (one per line).
fake_upsd_options build_options(const cli_settings& settings, std::vector<server_plan>& plans);

}  // namespace nutmqtt::fake_upsd
