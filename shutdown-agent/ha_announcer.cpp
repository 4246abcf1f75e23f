#include "shutdown-agent/ha_announcer.hpp"

#include <algorithm>
#include <random>

#include <spdlog/spdlog.h>

namespace nutmqtt::agent {
namespace {

using namespace std::chrono_literals;

const std::string kOwner = "agent";
// Home Assistant must have removed what was cleared before the same unique ids come back.
constexpr auto kAfterClearing = 1500ms;

std::chrono::milliseconds birth_delay() {
  std::random_device rd;
  std::uniform_int_distribution<int> ms(500, 3000);
  return std::chrono::milliseconds(ms(rd));
}

}  // namespace

ha_announcer::ha_announcer(boost::asio::io_context& io, ha::discovery_settings settings,
                           ha::agent_identity agent, const common::topic_scheme& topics,
                           callbacks cb)
    : settings_(std::move(settings)),
      agent_(std::move(agent)),
      topics_(topics),
      cb_(std::move(cb)),
      tracker_(settings_, agent_.id),
      timer_(io) {
  // Nothing to read back: the agent knows every topic it could have used (see on_connected).
  tracker_.end_read_back();
  tracker_.update(kOwner, ha::build_agent_discovery(agent_, settings_, topics_));
}

void ha_announcer::on_connected() {
  if (!enabled() || stopped_) return;
  bool cleared_any = false;
  if (!cleared_) {
    cleared_ = true;
    const auto wanted = tracker_.republish();
    for (const auto& topic : ha::agent_discovery_topics(agent_, settings_)) {
      const bool in_use = std::any_of(wanted.begin(), wanted.end(),
                                      [&](const auto& m) { return m.topic == topic; });
      if (in_use) continue;
      cb_.publish({topic, "", 1, true});
      cleared_any = true;
    }
  }
  publish_all_after(cleared_any ? std::chrono::milliseconds(kAfterClearing) : 0ms);
}

bool ha_announcer::on_message(const common::mqtt_message& m) {
  if (!enabled() || m.topic != settings_.status_topic) return false;
  if (ha::is_birth_message(settings_, m.topic, m.payload)) {
    spdlog::debug("Home Assistant (re)started: announcing this agent again");
    publish_all_after(birth_delay());
  }
  return true;
}

void ha_announcer::stop() {
  stopped_ = true;
  timer_.cancel();
}

void ha_announcer::publish_all_after(std::chrono::milliseconds delay) {
  timer_.cancel();
  timer_.expires_after(delay);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    for (const auto& m : tracker_.republish())
      cb_.publish({m.topic, m.payload, 1, true});
    cb_.publish_state();
  });
}

}  // namespace nutmqtt::agent
