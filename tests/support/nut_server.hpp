#pragma once
// A real NUT server for a test: /lib/nut/upsd with one dummy-ups driver per UPS, on a free
// loopback port in its own temp directory.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::test {

struct dummy_ups {
  std::string name = "dummy";
  std::string dev;  // the .dev file's text (a fixture's content or a few lines)
  std::string desc = "Test UPS";
};

// Text of a minimal .dev file: the given variables, one "name: value" line each.
std::string dev_text(const std::vector<std::pair<std::string, std::string>>& vars);
// Contents of a fixture under tests/fixtures.
std::string fixture(const std::string& relative_path);

class nut_server {
 public:
  static constexpr const char* kAdminUser = "admin";
  static constexpr const char* kAdminPassword = "adminpw";
  static constexpr const char* kMonitorUser = "monuser";
  static constexpr const char* kMonitorPassword = "secret";

  struct options {
    std::vector<dummy_ups> ups;
    // Seconds without driver data before upsd answers DATA-STALE (upsd's default is 15).
    int maxage = 15;
    std::string extra_upsd_conf;
    // Sections appended to upsd.users (besides admin and monuser), e.g.
    // "[setter]\n  password = pw\n  actions = SET\n".
    std::string extra_users;
    // The port to try first (0: a free one). Like a picked one, it is changed for a free one when
    // another process holds it at upsd's first start, unless port() or address() was asked
    // before.
    int port = 0;
  };

  explicit nut_server(options opts);
  ~nut_server();

  // Once asked (or once upsd has run), the port is upsd's for good: start_upsd() again comes
  // back on it or fails saying who holds it.
  int port() const {
    port_fixed_ = true;
    return port_;
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port()); }
  const temp_dir& dir() const { return dir_; }

  void start();  // drivers, then upsd; returns once every UPS answers GET VAR
  // Returns once the listener on the port is this upsd (support/listener.hpp) and every running
  // driver's UPS answers GET VAR.
  void start_upsd();
  void stop_upsd();
  void kill_upsd();  // SIGKILL: no goodbye to clients
  void start_driver(const std::string& ups);
  void stop_driver(const std::string& ups);
  void pause_driver(const std::string& ups);   // SIGSTOP: upsd reports DATA-STALE after maxage
  void resume_driver(const std::string& ups);  // SIGCONT

  // Changes a variable the way an operator would: upsrw with the admin user.
  void set_var(const std::string& ups, const std::string& var, const std::string& value);
  // Reads a variable straight from upsd (the raw reply line on errors).
  std::string get_var(const std::string& ups, const std::string& var);
  // Sets FSD on the UPS with the raw protocol command, as a NUT primary would.
  void set_fsd(const std::string& ups);
  // Rewrites the driver's .dev file (dummy-ups re-reads it when its mtime changes).
  void rewrite_dev(const std::string& ups, const std::string& dev);
  // The environment NUT programs need to find this server's files (NUT_CONFPATH...).
  std::map<std::string, std::string> env() const;
  // How many clients are logged in to the UPS (GET NUMLOGINS), -1 when upsd does not say.
  int numlogins(const std::string& ups);

 private:
  bool ups_ready(const std::string& ups);
  void write_upsd_conf();
  options opts_;
  temp_dir dir_;
  int port_;
  mutable bool port_fixed_ = false;
  std::unique_ptr<child_process> upsd_;
  std::map<std::string, std::unique_ptr<child_process>> drivers_;
};

}  // namespace nutmqtt::test
