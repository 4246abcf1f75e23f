#include "bridge/shutdown/shutdown_coordinator.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/duration.hpp"
#include "common/loggable.hpp"
#include "common/ups_status.hpp"

namespace nutmqtt::bridge {
namespace {

// Agent ids come from MQTT topics that anyone allowed to publish can make up.
template <typename Names>
std::string agent_names(const Names& agents) {
  std::vector<std::string> shown;
  for (const auto& a : agents)
    shown.push_back(common::loggable(a));
  return fmt::format("{}", fmt::join(shown, ", "));
}

}  // namespace

shutdown_coordinator::shutdown_coordinator(boost::asio::io_context& io, const bridge_config& config,
                                           common::topic_scheme topics)
    : io_(io),
      topics_(std::move(topics)),
      hostsync_(config.shutdown.hostsync),
      agents_known_timer_(io) {
  for (std::size_t i = 0; i < config.servers.size(); ++i) {
    for (const auto& u : config.servers[i].ups) {
      if (!u.login) continue;
      logins_.emplace(ups_key{i, u.name},
                      login_entry{u.id,
                                  std::make_unique<login_session>(io_, config.servers[i], u.name,
                                                                  config.poll.timeout),
                                  fsd_hold(hostsync_),
                                  std::make_unique<boost::asio::steady_timer>(io_),
                                  {}});
    }
  }
}

shutdown_coordinator::~shutdown_coordinator() {
  stop();
}

void shutdown_coordinator::start() {
  for (auto& [key, login] : logins_)
    login.session->start();
  wait_for_agents(std::chrono::seconds(10));  // without a broker there is nothing to learn
}

void shutdown_coordinator::wait_for_agents(std::chrono::milliseconds at_most) {
  agents_known_timer_.expires_after(at_most);
  agents_known_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    agents_known_ = true;
    for (auto& [key, login] : logins_) {
      if (login.hold.active()) evaluate(login);
    }
  });
}

void shutdown_coordinator::stop() {
  stopped_ = true;
  agents_known_timer_.cancel();
  for (auto& [key, login] : logins_) {
    login.session->stop();
    login.deadline->cancel();
  }
}

void shutdown_coordinator::on_connected(common::mqtt_session& session, int qos) {
  if (logins_.empty()) return;
  session.subscribe({topics_.every_agent_state()}, std::max(qos, 1));
  if (!agents_known_) wait_for_agents(std::chrono::seconds(2));
}

bool shutdown_coordinator::on_message(const common::mqtt_message& m) {
  if (logins_.empty()) return false;
  auto parsed = topics_.parse(m.topic);
  if (!parsed || parsed->ups != "_agent" || !parsed->leaf.ends_with("/state")) return false;
  std::string agent = parsed->leaf.substr(0, parsed->leaf.size() - 6);
  if (agent.empty() || agent.find('/') != std::string::npos) return true;
  if (!agents_.update(agent, m.payload)) {
    spdlog::debug("ignoring a malformed state from agent {}", common::loggable(agent));
    return true;
  }
  for (auto& [key, login] : logins_) {
    if (login.hold.active()) evaluate(login);
  }
  return true;
}

void shutdown_coordinator::on_status(const ups_key& key, const std::vector<std::string>& flags) {
  auto it = logins_.find(key);
  if (it == logins_.end() || stopped_) return;
  auto& login = it->second;
  const bool fsd = common::has_token(flags, "FSD");
  if (fsd && !login.hold.active() && !login.session->released()) return begin_hold(login);
  if (!fsd && login.session->released()) {
    // FSD stays until upsd restarts: once it is gone the next outage needs the LOGIN again.
    spdlog::info("FSD on UPS {} is over: logging in again", login.id);
    login.reported.clear();
    login.session->start();
  }
}

void shutdown_coordinator::begin_hold(login_entry& login) {
  login.hold.begin(std::chrono::steady_clock::now(), agents_, login.id);
  const auto& waited = login.hold.waited();
  spdlog::warn("FSD on UPS {}: holding our LOGIN until {} down (at most {})", login.id,
               waited.empty()
                   ? std::string("no agent (none watches it) is")
                   : fmt::format("{} {}", agent_names(waited), waited.size() == 1 ? "is" : "are"),
               common::format_duration(hostsync_));
  login.deadline->expires_at(login.hold.deadline());
  login.deadline->async_wait([this, &login](const boost::system::error_code& ec) {
    if (!ec && !stopped_) evaluate(login);
  });
  evaluate(login);
}

void shutdown_coordinator::evaluate(login_entry& login) {
  const auto now = std::chrono::steady_clock::now();
  const auto seconds = std::chrono::duration<double>(login.hold.elapsed(now)).count();
  // Until the agents' states are known, "nobody is left" may only mean "nobody heard of yet".
  if (!agents_known_ && now < login.hold.deadline()) return;
  auto v = login.hold.evaluate(now, agents_, login.id);
  for (const auto& agent : v.shutting_down) {
    if (login.reported.insert(agent + "/shutting_down").second) {
      spdlog::info("FSD on UPS {}: agent {} is shutting its host down ({:.1f} s)", login.id,
                   common::loggable(agent), seconds);
    }
  }
  for (const auto& agent : v.done) {
    if (login.reported.insert(agent + "/offline").second) {
      spdlog::info("FSD on UPS {}: agent {} went offline after {:.1f} s", login.id,
                   common::loggable(agent), seconds);
    }
  }
  if (!v.release) return;
  login.deadline->cancel();
  if (v.timed_out) {
    spdlog::warn(
        "FSD on UPS {}: hostsync ({}) passed with {} still up; logging out so the "
        "primary can proceed",
        login.id, common::format_duration(hostsync_), agent_names(v.waiting_for));
  } else {
    spdlog::info(
        "FSD on UPS {}: every agent is down after {:.1f} s; logging out so the primary "
        "can proceed",
        login.id, seconds);
  }
  login.session->release();
}

}  // namespace nutmqtt::bridge
