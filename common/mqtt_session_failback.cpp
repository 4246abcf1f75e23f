// mqtt_session: failback - back to the first broker of the list once it accepts connections.
//
// While the session is on a later broker, every failback_after a plain TCP connect (no MQTT
// session, nothing sent) is made to the first; once it is accepted, the later broker is left
// with a clean disconnect (switch_to_first) and the first is connected to.

#include <spdlog/spdlog.h>

#include "common/loggable.hpp"
#include "common/mqtt_session.hpp"
#include "common/tcp_probe.hpp"

namespace nutmqtt::common {

void mqtt_session::arm_failback() {
  const auto& after = opts_.settings.failback_after;
  if (!after || rotation_.on_first()) return;
  failback_timer_.expires_after(*after);
  failback_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (!self || ec) return;
    self->check_first_broker();
  });
}

void mqtt_session::check_first_broker() {
  if (stopping_ || !connected_ || rotation_.on_first()) return;
  const auto address = broker_address_of(opts_.settings.urls.front());
  probe_ = tcp_probe::start(io_, address.host, address.port, std::chrono::seconds(5),
                            [weak = weak_from_this()](bool reachable, const std::string& why) {
                              if (auto self = weak.lock()) {
                                self->on_first_broker_probed(reachable, why);
                              }
                            });
}

void mqtt_session::on_first_broker_probed(bool reachable, const std::string& why) {
  probe_.reset();
  if (stopping_ || !connected_ || rotation_.on_first()) return;
  if (!reachable) {
    spdlog::debug("the first MQTT broker, {}, is still unreachable ({}); staying on {}",
                  opts_.settings.urls.front(), loggable(why), url());
    arm_failback();
    return;
  }
  spdlog::info("the first MQTT broker, {}, accepts connections again: leaving {} for it",
               opts_.settings.urls.front(), url());
  switch_to_first();
}

void mqtt_session::on_switched() {
  if (!switching_) return;
  switching_ = false;
  if (stopping_) return;
  rotation_.to_first();
  connect();
}

}  // namespace nutmqtt::common
