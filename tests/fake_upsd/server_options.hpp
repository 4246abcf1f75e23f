#pragma once
// How one fake upsd server is set up: where it listens, what it serves, who may do what.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fake_upsd/misbehaviour.hpp"
#include "fake_upsd/ups_model.hpp"
#include "fake_upsd/user_table.hpp"

namespace nutmqtt::fake_upsd {

// PEM files; with them STARTTLS is accepted and followed by a real TLS handshake.
struct tls_files {
  std::filesystem::path certificate_chain;
  std::filesystem::path private_key;
};

struct server_options {
  std::string address = "127.0.0.1";
  int port = 0;  // 0: a free port the system picks
  std::vector<ups_model> ups;
  user_table users = user_table::defaults();
  std::optional<tls_files> tls;
  misbehaviour mode = misbehaviour::normal;
  std::chrono::milliseconds slow_delay = std::chrono::seconds(1);
  // A connection without a complete request for this long is closed, as upsd does after about
  // 60 s; zero never closes one.
  std::chrono::milliseconds idle_timeout{0};
  // misbehaviour::huge_list: the lines of each LIST VAR answer.
  std::size_t huge_list_lines = 1'000'000;
  // misbehaviour::new_names: names invented per LIST UPS, and how long a connection lives.
  std::size_t new_names_per_connection = 5000;
  std::chrono::milliseconds new_names_linger = std::chrono::seconds(3);
  // How many of the latest requests request_log() keeps.
  std::size_t request_log_limit = 10'000;
};

}  // namespace nutmqtt::fake_upsd
