#pragma once
// Instant commands and writable variables from MQTT (opt-in, allow-listed):
//   <base>/<ups>/cmd/instcmd        payload: the command, or {"command":"...","value":"..."}
//   <base>/<ups>/cmd/set/<variable> payload: the new value
// Each outcome goes to <base>/<ups>/cmd/result (not retained):
//   {"request":{...},"ok":true|false,"error":"ERR ...","detail":"...","time":"..."}
// Anything refused (not allowed, malformed, oversized, unknown UPS, retained) never reaches upsd.

#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bridge/command_request.hpp"
#include "bridge/command_runner.hpp"
#include "common/mqtt_session.hpp"
#include "common/rate_limiter.hpp"
#include "common/topics.hpp"

namespace nutmqtt::bridge {

class command_service {
 public:
  // Where a UPS id lives: its poller and its name on upsd, or a null poller when unknown.
  using locate_fn = std::function<std::pair<server_poller*, std::string>(const std::string& id)>;

  command_service(boost::asio::io_context& io, command_policy policy, common::topic_scheme topics,
                  common::mqtt_session& session, int qos, locate_fn locate);

  void on_connected();
  // Returns true when the message was a command (handled, or refused).
  bool on_message(const common::mqtt_message& m);

 private:
  void refuse(const std::string& ups, const nlohmann::ordered_json& request,
              const std::string& reason);
  void report(const std::string& ups, nlohmann::ordered_json request, const command_outcome& o);

  boost::asio::io_context& io_;
  command_policy policy_;
  common::topic_scheme topics_;
  common::mqtt_session& session_;
  int qos_;
  locate_fn locate_;
  common::rate_limiter log_limit_{std::chrono::seconds(10)};
};

}  // namespace nutmqtt::bridge
