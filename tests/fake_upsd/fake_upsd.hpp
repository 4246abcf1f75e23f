#pragma once
// A fake upsd for tests and benchmarks: what the real upsd + dummy-ups cannot do, namely
// misbehave on purpose (garbage, stalls, endless lines, slow answers, refused connections) and
// serve thousands of UPSes from one process. It speaks NUT 2.8.0's protocol word for word.
//
// It runs its own io_context on its own thread. Every method below may be called from any other
// thread: the call is carried out on the fake's thread and returns once it is done, so what a
// test changes is visible to the very next request. Methods naming an unknown UPS throw
// std::invalid_argument.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_upsd/misbehaviour.hpp"
#include "fake_upsd/server_options.hpp"
#include "fake_upsd/server_state.hpp"

namespace nutmqtt::fake_upsd {

struct fake_upsd_options {
  std::vector<server_options> servers;
  // How often measurements drift (see drift.hpp); zero keeps every value as it is.
  std::chrono::milliseconds drift_interval{0};
  std::uint64_t seed = 1;
};

class fake_upsd;

// One listening server of a fake upsd, as a test's thread sees it.
class server_handle {
 public:
  int port() const;
  std::string address() const;  // "127.0.0.1:<port>"

  void set_mode(misbehaviour mode);
  misbehaviour mode() const;
  void set_slow_delay(std::chrono::milliseconds delay);
  // Applies from each connection's next request on (see server_options::idle_timeout).
  void set_idle_timeout(std::chrono::milliseconds timeout);

  void add_ups(ups_model ups);
  bool remove_ups(const std::string& ups);
  // Changes a value (adding a read-only variable when there is none).
  void set_var(const std::string& ups, const std::string& var, const std::string& value);
  bool remove_var(const std::string& ups, const std::string& var);
  // The value as stored (without the FSD prefix upsd adds to ups.status).
  std::optional<std::string> var(const std::string& ups, const std::string& var) const;
  // Stale: GET VAR, LIST VAR ... answer ERR DATA-STALE.
  void set_stale(const std::string& ups, bool stale);
  // Not connected: they answer ERR DRIVER-NOT-CONNECTED.
  void set_driver_connected(const std::string& ups, bool connected);
  // FSD stays set until cleared here (upsd clears it only when it restarts).
  void set_fsd(const std::string& ups, bool fsd);
  bool fsd(const std::string& ups) const;
  int numlogins(const std::string& ups) const;

  std::uint64_t connections_accepted() const;
  std::size_t open_connections() const;
  // Requests received of one kind ("GET VAR", "LIST VAR", "INSTCMD" ...; see request_stats.hpp).
  std::uint64_t requests(std::string_view kind) const;
  std::uint64_t requests_total() const;
  std::map<std::string, std::uint64_t, std::less<>> request_counts() const;
  // The latest requests, oldest first, one line each, passwords masked.
  std::vector<std::string> request_log() const;
  // Instant commands accepted (a refused one never shows up here).
  std::vector<instcmd_record> instcmds() const;
  void reset_stats();
  // Closes every open connection, as a restarting upsd would.
  void disconnect_all();

 private:
  friend class fake_upsd;
  server_handle(fake_upsd& owner, std::size_t index) : owner_(&owner), index_(index) {}
  fake_upsd* owner_;
  std::size_t index_;
};

class fake_upsd {
 public:
  // Listens on every server's port before returning; throws std::runtime_error when one cannot
  // listen (port taken, bad TLS files) and std::invalid_argument for bad UPS definitions.
  explicit fake_upsd(fake_upsd_options options);
  explicit fake_upsd(server_options server);
  ~fake_upsd();
  fake_upsd(const fake_upsd&) = delete;
  fake_upsd& operator=(const fake_upsd&) = delete;

  // Closes everything and joins the thread; the destructor does it too. Call it from the thread
  // that owns the fake, never while another thread is still calling into it.
  void stop();

  std::size_t server_count() const;
  server_handle server(std::size_t index = 0);
  int port(std::size_t index = 0) const;

 private:
  friend class server_handle;
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace nutmqtt::fake_upsd
