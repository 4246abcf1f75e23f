#include "bridge/commands/command_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/ids.hpp"
#include "common/loggable.hpp"
#include "common/time_format.hpp"

namespace nutmqtt::bridge {
namespace {

request_echo echo_of(const std::variant<command_request, command_refusal>& r) {
  if (const auto* request = std::get_if<command_request>(&r)) return request->echo();
  return std::get<command_refusal>(r).request;
}

}  // namespace

command_service::command_service(boost::asio::io_context& io, command_policy policy,
                                 common::topic_scheme topics, common::mqtt_session& session,
                                 int qos, locate_fn locate, const peer_bridges& peers,
                                 std::vector<std::string> protected_trees)
    : io_(io),
      policy_(std::move(policy)),
      topics_(std::move(topics)),
      session_(session),
      qos_(std::max(qos, 1)),
      locate_(std::move(locate)),
      protected_trees_(std::move(protected_trees)),
      peers_(peers) {}

void command_service::on_connected() {
  session_.subscribe({topics_.every("cmd/instcmd"), topics_.every("cmd/set/+")}, qos_);
}

bool command_service::on_message(const common::mqtt_message& m) {
  auto parsed = topics_.parse(m.topic);
  if (!parsed || !parsed->leaf.starts_with("cmd/") || parsed->leaf == "cmd/result" ||
      parsed->leaf.starts_with("cmd/response/")) {
    return false;
  }
  const bool mine = locate_(parsed->ups).first != nullptr;
  if (mine ? peers_.earlier_has(parsed->ups)
           : (peers_.another_has(parsed->ups) || !peers_.answers_for_unknown())) {
    // Another bridge has the UPS (it answers; of two that have it, the first in id order),
    // or is the one to say nobody has it.
    spdlog::debug("command for {} left to the other bridges", common::loggable(parsed->ups));
    return true;
  }
  if (m.payload.empty()) {
    // Clearing a retained command publishes an empty payload, which subscribers receive live.
    spdlog::debug("empty payload on {} ignored: no request", common::loggable(m.topic));
    return true;
  }
  enqueue(parsed->ups, read(parsed->ups, parsed->leaf, m));
  return true;
}

command_service::job command_service::read(const std::string& ups, std::string_view leaf,
                                           const common::mqtt_message& m) const {
  job j{read_command(ups, leaf, m.payload, policy_), {}, {}};
  auto refuse = [&](command_error code, std::string reason) {
    j.request = command_refusal{echo_of(j.request), code, std::move(reason)};
  };
  if (!m.response_topic.empty()) {
    if (auto problem = response_topic_problem(m.response_topic, ups, topics_, protected_trees_)) {
      // The result still goes to <base>/<ups>/cmd/result, which says why.
      refuse(command_error::bad_request, *problem);
      return j;
    }
    j.response_topic = m.response_topic;
    j.correlation_data = m.correlation_data;
  }
  if (std::holds_alternative<command_refusal>(j.request)) return j;
  if (m.retained) {
    // A retained command would run again at every reconnect: never act on one.
    refuse(command_error::refused_retained,
           "retained commands are ignored: publish commands without the retain flag (and clear "
           "this one with an empty retained payload)");
  } else if (locate_(ups).first == nullptr) {
    refuse(command_error::unknown_ups, "no UPS with the id " + ups + " on this bridge");
  }
  return j;
}

void command_service::enqueue(const std::string& ups, job j) {
  auto& queue = queues_[ups];
  if (queue.size() >= kMaxWaiting) {
    if (auto suppressed = log_limit_.allow(ups + " busy", common::rate_limiter::clock::now())) {
      spdlog::warn("command for {} refused: {} requests are already waiting{}",
                   common::loggable(ups), queue.size(), common::suppressed_note(*suppressed));
    }
    report(j, {false, command_error::busy,
               fmt::format("{} requests for {} are already waiting; try again once their "
                           "results came",
                           queue.size(), ups)});
    return;
  }
  queue.push_back(std::move(j));
  if (queue.size() == 1) drain(ups);
}

void command_service::drain(const std::string& ups) {
  while (true) {
    auto it = queues_.find(ups);
    if (it == queues_.end()) return;
    if (it->second.empty()) {
      queues_.erase(it);
      return;
    }
    auto& next = it->second.front();
    if (next.running) return;
    if (const auto* refusal = std::get_if<command_refusal>(&next.request)) {
      // Keyed by the kind of refusal: the UPS id and the reason quote what the sender wrote.
      const std::string key = fmt::format("refused {}", error_code_name(refusal->code));
      if (auto suppressed = log_limit_.allow(key, common::rate_limiter::clock::now())) {
        spdlog::warn("command for {} refused: {}{}", common::loggable(ups),
                     common::loggable(refusal->reason), common::suppressed_note(*suppressed));
      }
      finish_front(ups, {false, refusal->code, refusal->reason});
      continue;
    }
    const auto& request = std::get<command_request>(next.request);
    auto [server, nut_name] = locate_(ups);
    if (server == nullptr) {
      finish_front(ups, {false, command_error::unknown_ups,
                         "no UPS with the id " + ups + " on this bridge"});
      continue;
    }
    next.running = true;
    spdlog::info("command from MQTT for {}: {} {}{}", ups,
                 request.type == command_request::kind::instcmd ? "INSTCMD" : "SET VAR",
                 common::loggable(request.name),
                 request.value ? " = " + common::loggable(*request.value) : "");
    // The outcome comes later, on the io thread; the queue goes on from there.
    run_command(io_, *server, nut_name, request, [this, ups](const command_outcome& o) {
      finish_front(ups, o);
      drain(ups);
    });
    return;
  }
}

void command_service::finish_front(const std::string& ups, const command_outcome& o) {
  auto it = queues_.find(ups);
  if (it == queues_.end() || it->second.empty()) return;
  job done = std::move(it->second.front());
  it->second.pop_front();
  report(done, o);
}

void command_service::report(const job& j, const command_outcome& o) {
  auto echo = echo_of(j.request);
  const bool refused = std::holds_alternative<command_refusal>(j.request);
  if (o.ok) {
    spdlog::info("command for {} done: {}", common::loggable(echo.ups),
                 common::loggable(echo.to_json().dump(-1, ' ', false,
                                                      nlohmann::json::error_handler_t::replace)));
  } else if (!refused) {
    spdlog::warn("command for {} failed: {} ({})", common::loggable(echo.ups),
                 error_code_name(o.error), common::loggable(o.detail));
  }
  // The result goes to the UPS's own topic; an id that cannot be one gets only the log line.
  if (common::id_problem(echo.ups)) return;
  auto payload = result_json(echo, o, common::format_time(common::wall_clock::now()))
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  session_.publish({topics_.cmd_result(echo.ups), payload, qos_, false});
  if (!j.response_topic.empty()) {
    common::mqtt_message reply{j.response_topic, std::move(payload), qos_, false};
    reply.correlation_data = j.correlation_data;
    session_.publish(std::move(reply));
  }
}

}  // namespace nutmqtt::bridge
