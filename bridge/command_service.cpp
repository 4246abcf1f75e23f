#include "bridge/command_service.hpp"

#include <spdlog/spdlog.h>

#include "common/ids.hpp"
#include "common/time_format.hpp"

namespace nutmqtt::bridge {

command_service::command_service(boost::asio::io_context& io, command_policy policy,
                                 common::topic_scheme topics, common::mqtt_session& session,
                                 int qos, locate_fn locate)
    : io_(io),
      policy_(std::move(policy)),
      topics_(std::move(topics)),
      session_(session),
      qos_(std::max(qos, 1)),
      locate_(std::move(locate)) {}

void command_service::on_connected() {
  session_.subscribe({topics_.every("cmd/instcmd"), topics_.every("cmd/set/+")}, qos_);
}

bool command_service::on_message(const common::mqtt_message& m) {
  auto parsed = topics_.parse(m.topic);
  if (!parsed || !parsed->leaf.starts_with("cmd/") || parsed->leaf == "cmd/result") return false;
  const std::string& ups = parsed->ups;
  nlohmann::ordered_json raw = {{"ups", ups}, {"topic", m.topic}};
  if (m.retained) {
    // A retained command would run again at every reconnect: never act on one.
    refuse(ups, raw, "retained commands are ignored: publish commands without the retain flag");
    return true;
  }
  auto result = read_command(ups, parsed->leaf, m.payload, policy_);
  if (auto* refusal = std::get_if<command_refusal>(&result)) {
    refuse(ups, raw, refusal->reason);
    return true;
  }
  const auto& request = std::get<command_request>(result);
  auto [server, nut_name] = locate_(ups);
  if (server == nullptr) {
    refuse(ups, describe(request), "no UPS with the id " + ups + " on this bridge");
    return true;
  }
  spdlog::info("command from MQTT for {}: {} {}{}", ups,
               request.type == command_request::kind::instcmd ? "INSTCMD" : "SET VAR", request.name,
               request.value.empty() ? "" : " = " + request.value);
  run_command(
      io_, *server, nut_name, request,
      [this, ups, described = describe(request)](command_outcome o) { report(ups, described, o); });
  return true;
}

void command_service::refuse(const std::string& ups, const nlohmann::ordered_json& request,
                             const std::string& reason) {
  if (log_limit_.allow(ups + reason, common::rate_limiter::clock::now())) {
    spdlog::warn("command for {} refused: {}", ups, reason);
  }
  report(ups, request, command_outcome{false, "refused", reason});
}

void command_service::report(const std::string& ups, nlohmann::ordered_json request,
                             const command_outcome& o) {
  if (o.ok) {
    spdlog::info("command for {} done: {}", ups, request.dump());
  } else if (o.error != "refused") {
    spdlog::warn("command for {} failed: {} ({})", ups, o.error, o.detail);
  }
  // The result goes to the UPS's own topic; an id that cannot be one gets only the log line.
  if (common::id_problem(ups)) return;
  nlohmann::ordered_json j;
  j["request"] = std::move(request);
  j["ok"] = o.ok;
  j["error"] = o.ok ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(o.error);
  if (!o.detail.empty()) j["detail"] = o.detail;
  j["time"] = common::format_time(common::wall_clock::now());
  session_.publish({topics_.cmd_result(ups),
                    j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), qos_, false});
}

}  // namespace nutmqtt::bridge
