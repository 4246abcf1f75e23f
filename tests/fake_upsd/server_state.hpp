#pragma once
// Everything the protocol handler reads and changes on one server: its UPSes and users, who is
// logged in where, the instant commands it ran, tracking ids and request statistics. Touched
// only from the server's own thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fake_upsd/request_stats.hpp"
#include "fake_upsd/ups_registry.hpp"
#include "fake_upsd/user_table.hpp"

namespace nutmqtt::fake_upsd {

struct instcmd_record {
  std::string ups;  // as the UPS is named, whatever the client's spelling
  std::string command;
  std::optional<std::string> value;
  std::string user;
};

// Clients logged in (LOGIN) per UPS: what NUMLOGINS counts and LIST CLIENT shows.
class login_registry {
 public:
  void add(const std::string& ups, std::string address);
  void remove(const std::string& ups, const std::string& address);
  int count(std::string_view ups) const;
  std::vector<std::string> addresses(std::string_view ups) const;

 private:
  std::multiset<std::pair<std::string, std::string>> logins_;  // (UPS key, address)
};

struct server_state {
  ups_registry ups;
  user_table users = user_table::defaults();
  bool tls_configured = false;
  login_registry logins;
  request_stats stats;
  std::vector<instcmd_record> instcmds;

  // A new id in the UUID form upsd uses, remembered for GET TRACKING.
  std::string new_tracking_id();
  bool known_tracking_id(std::string_view id) const;

 private:
  std::uint64_t tracking_counter_ = 0;
  std::set<std::string, std::less<>> tracking_ids_;
};

}  // namespace nutmqtt::fake_upsd
