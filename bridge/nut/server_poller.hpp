#pragma once
// Polls one upsd server: connects (with STARTTLS and credentials as configured), lists its
// UPSes, and every status interval asks `GET VAR <ups> ups.status` for all of them in one
// pipelined write; every variables interval `LIST VAR` for each. A lost or misbehaving server
// is tried again on its own timers, so it never delays another server: a server that cannot
// be reached at every status interval (at least 1 s apart), as upsmon tries again at every
// poll, so that a restarted upsd is noticed at once; a server that accepts the connection and
// then fails, with exponential backoff and jitter. That backoff starts again from its first
// delay only after the server has answered a whole round of polls and then stayed connected
// for a while (kSettle): a server that accepts every connection and fails a moment later is
// retried ever more slowly.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bridge/bridge_config.hpp"
#include "bridge/nut/nut_connection.hpp"
#include "bridge/ups/event_detector.hpp"
#include "bridge/ups/limit_tally.hpp"
#include "common/backoff.hpp"

namespace nutmqtt::bridge {

// How soon a upsd that cannot be reached is tried again: within one status interval (one
// second when the interval is shorter), as upsmon tries again at every poll. A backoff growing past
// that would notice a restarted upsd late, and an agent would count a UPS on battery as unheard of
// for longer than upsd was away - past its deadtime, a shutdown upsmon would not make.
common::backoff upsd_reconnect_backoff(std::chrono::milliseconds status_interval);

class server_poller {
 public:
  using ups_list = std::vector<std::pair<std::string, std::string>>;  // name, description
  struct callbacks {
    std::function<void(const std::string& ups, const poll_outcome&)> status;
    std::function<void(const std::string& ups, std::map<std::string, std::string> vars)> vars;
    // Every successful LIST UPS (at connect and, when watching every UPS, each vars cycle).
    std::function<void(const ups_list&)> listed;
    std::function<void()> state_changed;  // connected / disconnected, for the info topic
    std::function<void()> limit_hit;      // a limit was hit: its count in the info changed
  };

  server_poller(boost::asio::io_context& io, const server_config& config, const poll_settings& poll,
                callbacks cb);
  ~server_poller();
  server_poller(const server_poller&) = delete;
  server_poller& operator=(const server_poller&) = delete;

  void start();
  void stop();

  // The UPS names to poll; with a configured list it is that list, otherwise the owner
  // decides from what `listed` reported.
  void set_polled(std::vector<std::string> names);
  const std::vector<std::string>& polled() const { return polled_; }
  // Fetches the variables of one UPS now (after its status changed).
  void refresh_vars(const std::string& ups);
  // Runs one request with this server's credentials (commands from MQTT).
  void execute(nut::request r, nut_connection::reply_handler h);

  // How long a connection must have worked before its end counts as a first failure again.
  static constexpr std::chrono::seconds kSettle{30};

  const std::string& label() const { return label_; }
  // This server's limits hit so far (the owner adds those it enforces itself).
  limit_tally& limits_hit() { return tally_; }
  const limit_tally& limits_hit() const { return tally_; }
  // Connections opened so far (for the info topic: a storm of reconnects shows there).
  std::uint64_t connects() const { return connects_; }
  const server_config& config() const { return config_; }
  bool connected() const { return connection_ && connection_->is_open() && ready_; }
  const std::string& last_error() const { return last_error_; }
  bool tls_active() const { return connection_ && connection_->tls_active(); }
  const std::string& server_version() const { return version_; }
  // Whether upsd tracks the outcome of commands on this connection (SET TRACKING ON).
  bool tracking() const { return tracking_; }

 private:
  void connect();
  void on_connected(const std::string& error);
  void on_listed(const nut_result& r);
  void lost(const std::string& why);
  void schedule_reconnect();
  void check_configured_names(const ups_list& listed);
  void verify_credentials(const std::string& ups, bool login_needed);
  void poll_status();
  void poll_vars();
  void send_vars_request(const std::string& ups);
  void on_status_reply(const std::string& ups, const nut_result& r);
  void on_alarm_reply(const std::string& ups, const std::string& status, const nut_result& r);
  void report_failure_to_all(const std::string& why);
  // Runs `poll` whenever `timer` expires, then again every `period` (the deadline advances by
  // the period: the cadence does not drift), until the poller stops.
  void every(boost::asio::steady_timer& timer, std::chrono::milliseconds period,
             void (server_poller::*poll)());
  bool watching_everything() const { return config_.ups.empty(); }

  boost::asio::io_context& io_;
  server_config config_;
  poll_settings poll_;
  callbacks cb_;
  std::string label_;
  std::shared_ptr<nut_connection> connection_;
  // The credentials check's own short connection, closed on stop: it holds itself alive through
  // its handlers until upsd answers, so a stop in between would otherwise leave it behind.
  std::weak_ptr<nut_connection> credential_check_;
  boost::asio::steady_timer status_timer_;
  boost::asio::steady_timer vars_timer_;
  boost::asio::steady_timer reconnect_timer_;
  common::backoff backoff_;
  common::backoff unreachable_backoff_;
  limit_tally tally_;
  std::uint64_t connects_ = 0;
  std::vector<std::string> polled_;
  std::set<std::string> status_outstanding_;
  std::set<std::string> vars_outstanding_;
  bool ready_ = false;
  bool reached_ = false;  // this attempt's connection was made (a later failure backs off)
  bool stopped_ = true;
  bool names_checked_ = false;
  bool tracking_ = false;
  std::string last_error_;
  std::string version_;
  // Lets callbacks that may outlive this poller (the credentials check) know it is gone.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace nutmqtt::bridge
