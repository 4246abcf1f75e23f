#pragma once
// Instant commands and writable variables from MQTT (opt-in, allow-listed):
//   <base>/<ups>/cmd/instcmd        payload: the command, or {"command","value","id"}
//   <base>/<ups>/cmd/set/<variable> payload: the new value, or {"value","id"}
// Each outcome goes to <base>/<ups>/cmd/result (not retained), and with MQTT 5 also to the
// request's response topic with its correlation data, in one shape (see command_result.hpp).
// Anything refused (not allowed, malformed, oversized, unknown UPS, retained) never reaches
// upsd. An empty payload is no request (it is how a retained one is cleared): it is ignored.
// Of several bridges under one base topic, only the one that has the UPS answers (of two that
// have it, the online one first in id order); a UPS none of them has is answered `unknown-ups`
// once, by the first online bridge in id order (see peer_bridges.hpp).
//
// The requests of one UPS run one at a time, in the order they arrived, refused ones included,
// so their results come in that order too; only a request beyond kMaxWaiting is answered at
// once (busy).

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bridge/commands/command_request.hpp"
#include "bridge/commands/command_result.hpp"
#include "bridge/commands/command_runner.hpp"
#include "bridge/peer_bridges.hpp"
#include "common/mqtt_session.hpp"
#include "common/rate_limiter.hpp"
#include "common/topics.hpp"

namespace nutmqtt::bridge {

class command_service {
 public:
  // Where a UPS id lives: its poller and its name on upsd, or a null poller when unknown.
  using locate_fn = std::function<std::pair<server_poller*, std::string>(const std::string& id)>;

  // Requests of one UPS waiting (the one running included) before further ones are busy.
  static constexpr std::size_t kMaxWaiting = 16;

  // `protected_trees`: topics (and what lies under them) that no MQTT 5 response topic may
  // name, besides the base topic (Home Assistant's discovery prefix and status topic).
  command_service(boost::asio::io_context& io, command_policy policy, common::topic_scheme topics,
                  common::mqtt_session& session, int qos, locate_fn locate,
                  const peer_bridges& peers, std::vector<std::string> protected_trees = {});

  void on_connected();
  // Returns true when the message was on a command topic (handled, refused or ignored).
  bool on_message(const common::mqtt_message& m);

 private:
  struct job {
    std::variant<command_request, command_refusal> request;
    std::string response_topic;
    std::string correlation_data;
    bool running = false;
  };

  job read(const std::string& ups, std::string_view leaf, const common::mqtt_message& m) const;
  void enqueue(const std::string& ups, job j);
  // Runs the queue of `ups` up to the next request that has to wait for upsd.
  void drain(const std::string& ups);
  void finish_front(const std::string& ups, const command_outcome& o);
  void report(const job& j, const command_outcome& o);

  boost::asio::io_context& io_;
  command_policy policy_;
  common::topic_scheme topics_;
  common::mqtt_session& session_;
  int qos_;
  locate_fn locate_;
  std::vector<std::string> protected_trees_;
  const peer_bridges& peers_;                      // the owner feeds it
  std::map<std::string, std::deque<job>> queues_;  // by UPS id; absent when empty
  common::rate_limiter log_limit_{std::chrono::seconds(10)};
};

}  // namespace nutmqtt::bridge
