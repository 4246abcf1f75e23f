#include "common/mqtt_session.hpp"

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>

#include "common/loggable.hpp"
#include "common/tcp_probe.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>

#include "common/duration.hpp"
#include "common/loggable.hpp"
#include "common/tcp_probe.hpp"

namespace nutmqtt::common {
namespace {

std::string describe_connect_failure(int rc, int reason) {
  switch (reason) {
    case 0x84:
      return "the broker does not support this MQTT protocol version";
    case 0x85:
      return "the broker rejected the client id";
    case 0x86:
      return "bad user name or password";
    case 0x87:
      return "not authorized (check the user and the broker's ACL)";
    case 0x88:
    case 0x89:
      return "the broker is unavailable or busy";
    default:
      break;
  }
  switch (rc) {
    case 1:
      return "the broker does not support this MQTT protocol version";
    case 2:
      return "the broker rejected the client id";
    case 3:
      return "the broker is unavailable";
    case 4:
      return "bad user name or password";
    case 5:
      // Mosquitto answers a wrong password with this code too.
      return "not authorized: check the user name and password, and the broker's ACL";
    default:
      return fmt::format(
          "cannot reach it (nothing listening, host unreachable, or TLS handshake failed; "
          "Paho code {})",
          rc);
  }
}

mqtt::ssl_options make_ssl_options(const mqtt_tls_settings& tls) {
  mqtt::ssl_options_builder b;
  if (!tls.ca_file.empty()) b.trust_store(tls.ca_file);
  if (!tls.cert_file.empty()) b.key_store(tls.cert_file);
  if (!tls.key_file.empty()) b.private_key(tls.key_file);
  b.enable_server_cert_auth(tls.verify);
  b.verify(tls.verify);
  return b.finalize();
}

bool has_properties(const mqtt_message& m) {
  return !m.response_topic.empty() || !m.correlation_data.empty();
}

mqtt::const_message_ptr with_properties(const mqtt_message& m) {
  mqtt::properties props;
  if (!m.response_topic.empty()) props.add({mqtt::property::RESPONSE_TOPIC, m.response_topic});
  if (!m.correlation_data.empty()) {
    props.add({mqtt::property::CORRELATION_DATA, m.correlation_data});
  }
  return mqtt::message::create(m.topic, m.payload.data(), m.payload.size(), m.qos, m.retained,
                               props);
}

}  // namespace

backoff mqtt_reconnect_backoff() {
  return backoff(std::chrono::milliseconds(500), std::chrono::seconds(2));
}

// Forwards Paho's completion callbacks (on Paho's thread) to the session (on the io thread).
class mqtt_session::listener : public mqtt::iaction_listener {
 public:
  using handler = std::function<void(const mqtt::token&, bool ok)>;
  explicit listener(handler h) : handler_(std::move(h)) {}
  void on_success(const mqtt::token& tok) override { handler_(tok, true); }
  void on_failure(const mqtt::token& tok) override { handler_(tok, false); }

 private:
  handler handler_;
};

std::shared_ptr<mqtt_session> mqtt_session::create(boost::asio::io_context& io, options opts,
                                                   handlers h) {
  return std::shared_ptr<mqtt_session>(new mqtt_session(io, std::move(opts), std::move(h)));
}

mqtt_session::mqtt_session(boost::asio::io_context& io, options opts, handlers h)
    : io_(io),
      opts_(std::move(opts)),
      handlers_(std::move(h)),
      reconnect_timer_(io),
      backoff_(mqtt_reconnect_backoff()),
      rotation_(opts_.settings.urls.size()),
      failback_timer_(io),
      last_failure_(opts_.settings.urls.size()) {}

mqtt_session::~mqtt_session() {
  // Paho refuses (throws) while a connect or disconnect is still in progress; a destructor
  // must not throw, and destroying the client ends its callbacks anyway.
  try {
    if (client_) client_->disable_callbacks();
  } catch (const mqtt::exception&) {
  }
}

template <typename F>
void mqtt_session::post(F&& f) {
  boost::asio::post(io_, [weak = weak_from_this(), f = std::forward<F>(f)]() mutable {
    if (auto self = weak.lock()) f(*self);
  });
}

void mqtt_session::start() {
  if (started_) return;
  started_ = true;
  // Paho's own OpenSSL initialization loads every cipher, digest and error string up front;
  // OpenSSL 3 initializes itself on first use, so a plain-TCP session never pays for TLS.
  static const bool paho_ready = [] {
    MQTTAsync_init_options init = MQTTAsync_init_options_initializer;
    init.do_openssl_init = 0;
    MQTTAsync_global_init(&init);
    return true;
  }();
  (void)paho_ready;
  const int version = opts_.settings.protocol_version == 5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1;
  client_ =
      std::make_unique<mqtt::async_client>(opts_.settings.urls.front(), opts_.settings.client_id,
                                           mqtt::create_options(version), nullptr);

  connect_listener_ = std::make_unique<listener>([this](const mqtt::token& tok, bool ok) {
    post([ok, rc = tok.get_return_code(),
          reason = static_cast<int>(tok.get_reason_code())](mqtt_session& self) {
      self.on_connect_result(ok, rc, describe_connect_failure(rc, reason));
    });
  });
  delivery_listener_ = std::make_unique<listener>([this](const mqtt::token& tok, bool ok) {
    auto id = reinterpret_cast<std::uintptr_t>(tok.get_user_context());
    post([id, ok](mqtt_session& self) { self.on_delivery(id, ok); });
  });
  subscribe_listener_ = std::make_unique<listener>([this](const mqtt::token& tok, bool ok) {
    auto id = reinterpret_cast<std::uintptr_t>(tok.get_user_context());
    post([id, ok](mqtt_session& self) { self.on_subscribed(id, ok); });
  });
  disconnect_listener_ = std::make_unique<listener>([](const mqtt::token&, bool) {});
  switch_listener_ = std::make_unique<listener>(
      [this](const mqtt::token&, bool) { post([](mqtt_session& self) { self.on_switched(); }); });

  client_->set_connection_lost_handler([this](const std::string& cause) {
    post([cause](mqtt_session& self) { self.on_connection_lost(cause); });
  });
  client_->set_message_callback([this](mqtt::const_message_ptr msg) {
    mqtt_message m{msg->get_topic(), msg->to_string(), msg->get_qos(), msg->is_retained()};
    const auto& props = msg->get_properties();
    if (props.contains(mqtt::property::RESPONSE_TOPIC)) {
      m.response_topic = mqtt::get<std::string>(props, mqtt::property::RESPONSE_TOPIC);
    }
    if (props.contains(mqtt::property::CORRELATION_DATA)) {
      m.correlation_data = mqtt::get<std::string>(props, mqtt::property::CORRELATION_DATA);
    }
    post([m = std::move(m)](mqtt_session& self) mutable {
      ++self.received_;
      if (self.handlers_.message && !self.stopping_) self.handlers_.message(std::move(m));
    });
  });
  connect();
}

void mqtt_session::connect() {
  if (stopping_ || connecting_ || connected_ || switching_) return;
  const auto& s = opts_.settings;
  mqtt::connect_options_builder b;
  // One server per connect, so that the rotation (not Paho) says which.
  b.servers(mqtt::string_collection::create({url()}));
  b.mqtt_version(s.protocol_version == 5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1);
  // A resumed session the broker keeps dropping at once (mosquitto has been seen to close it
  // as "malformed" right after the messages both sides resend on resuming) would keep this
  // client away for good. Starting anew drops those messages on both sides, and what the
  // broker queued for this client: the retained topics, read again on subscribing, rebuild
  // what they said, as after a failover to a broker that does not share sessions.
  bool clean = opts_.clean_session;
  if (!clean && quick_drops_ >= kQuickDropsBeforeNewSession) {
    spdlog::warn(
        "the MQTT broker at {} closed the connection right after accepting it {} times "
        "in a row: starting a new session (what it queued for this client is dropped; "
        "the retained topics rebuild the state)",
        url(), quick_drops_);
    clean = true;
    quick_drops_ = 0;
  }
  if (s.protocol_version == 5) {
    b.clean_start(clean);
    if (!opts_.clean_session) {
      // MQTT 5 ends a session when the connection closes unless told to keep it.
      b.properties({{mqtt::property::SESSION_EXPIRY_INTERVAL, 7 * 24 * 3600}});
    }
  } else {
    b.clean_session(clean);
  }
  b.keep_alive_interval(std::chrono::duration_cast<std::chrono::seconds>(s.keepalive));
  b.connect_timeout(std::chrono::seconds(10));
  b.automatic_reconnect(false);
  b.max_inflight(65535);
  if (!s.username.empty()) b.user_name(s.username);
  if (!s.password.empty()) b.password(s.password.reveal());
  if (opts_.will) {
    const auto& w = *opts_.will;
    b.will(mqtt::message(w.topic, w.payload, w.qos, w.retained));
  }
  if (s.uses_tls()) b.ssl(make_ssl_options(s.tls.value_or(mqtt_tls_settings{})));
  connecting_ = true;
  try {
    client_->connect(b.finalize(), nullptr, *connect_listener_);
  } catch (const mqtt::exception& e) {
    connecting_ = false;
    on_connect_result(false, e.get_return_code(), describe_connect_failure(e.get_return_code(), 0));
  }
}

void mqtt_session::on_connect_result(bool ok, int, const std::string& why) {
  connecting_ = false;
  if (stopping_) return;
  const auto tried = rotation_.current();
  if (!ok) {
    const bool round_failed = rotation_.failed();
    const std::string next =
        rotation_.size() > 1 ? fmt::format("trying {}", url()) : std::string("retrying");
    // The first failure of an outage is a warning; its repeats would only fill the log.
    if (why != last_failure_[tried]) {
      spdlog::warn("cannot connect to the MQTT broker at {}: {}; {}", opts_.settings.urls[tried],
                   loggable(why), next);
      last_failure_[tried] = why;
    } else {
      spdlog::debug("still cannot connect to the MQTT broker at {}: {}", opts_.settings.urls[tried],
                    loggable(why));
    }
    if (round_failed) {
      schedule_reconnect();
    } else {
      // Within a round the next broker is tried at once (posted: a connect that fails on the
      // spot comes back here).
      post([](mqtt_session& self) { self.connect(); });
    }
    return;
  }
  connected_ = true;
  connected_at_ = std::chrono::steady_clock::now();
  last_failure_[tried].clear();
  backoff_.reset();
  rotation_.begin_round();
  spdlog::info("connected to the MQTT broker at {} as {}", url(), opts_.settings.client_id);
  if (!rotation_.on_first()) {
    const auto& after = opts_.settings.failback_after;
    spdlog::info("{} is the fallback; {}", url(),
                 after ? fmt::format("the first broker, {}, is checked every {} to go back to it",
                                     opts_.settings.urls.front(), format_duration(*after))
                       : std::string("staying on it while it works (failback_after: never)"));
  }
  arm_failback();
  if (handlers_.connected) handlers_.connected();
}

void mqtt_session::on_connection_lost(const std::string& cause) {
  if (!connected_) return;
  connected_ = false;
  if (std::chrono::steady_clock::now() - connected_at_ < kQuickDrop) {
    ++quick_drops_;
  } else {
    quick_drops_ = 0;
  }
  rotation_.begin_round();
  failback_timer_.cancel();
  if (probe_) probe_->cancel();
  probe_.reset();
  fail_pending_deliveries();
  if (stopping_) return;
  spdlog::warn("lost the connection to the MQTT broker at {}{}; reconnecting", url(),
               cause.empty() ? "" : ": " + loggable(cause));
  if (handlers_.disconnected) handlers_.disconnected();
  schedule_reconnect();
}

void mqtt_session::schedule_reconnect() {
  if (stopping_) return;
  reconnect_timer_.expires_after(backoff_.next());
  reconnect_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (!self || ec) return;
    self->connect();
  });
}

void mqtt_session::switch_to_first() {
  connected_ = false;
  switching_ = true;
  fail_pending_deliveries();
  if (handlers_.disconnected) handlers_.disconnected();
  try {
    // A clean disconnect: the broker left behind does not send the last will, which would
    // otherwise contradict what the session is about to say on the first broker.
    client_->disconnect(std::chrono::seconds(3), nullptr, *switch_listener_);
  } catch (const mqtt::exception& e) {
    spdlog::debug("disconnecting from {} failed: {}", url(), e.what());
    post([](mqtt_session& self) { self.on_switched(); });
  }
}

void mqtt_session::fail_pending_deliveries() {
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [id, done] : pending) {
    if (done) done(false);
  }
  drop_waiting();
  auto subscribes = std::move(pending_subscribes_);
  pending_subscribes_.clear();
  for (auto& [id, done] : subscribes) {
    if (done) done(false);
  }
}

void mqtt_session::drop_waiting() {
  auto waiting = std::move(outbox_);
  outbox_.clear();
  for (auto& o : waiting) {
    if (o.done) o.done(false);
  }
}

void mqtt_session::on_delivery(std::uint64_t id, bool ok) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;  // already failed by a connection loss
  auto done = std::move(it->second);
  pending_.erase(it);
  if (done) done(ok);
  pump();
  if (outbox_.empty() && pending_.empty()) {
    if (burst_ >= kTrimAfterBurst) release_burst_memory();
    burst_ = 0;
  }
}

void mqtt_session::release_burst_memory() {
#ifdef __GLIBC__
  // The copies of a burst (a bridge's start: every retained value and discovery config) are
  // freed between allocations that stay, so glibc keeps the freed memory for reuse; handing it
  // back to the system takes a bridge with 1,000 UPSes from 180 MB resident to 118 MB.
  ::malloc_trim(0);
#endif
}

bool mqtt_session::publish(mqtt_message msg, delivery_handler done) {
  if (!connected_ || stopping_) return false;
  outbox_.push_back({std::move(msg), std::move(done)});
  burst_ = std::max(burst_, outbox_.size());
  ++sent_;
  pump();
  return true;
}

void mqtt_session::pump() {
  while (connected_ && pending_.size() < kPahoWindow && !outbox_.empty()) {
    auto next = std::move(outbox_.front());
    outbox_.pop_front();
    const auto id = next_delivery_id_++;
    const auto& m = next.msg;
    pending_.emplace(id, std::move(next.done));
    try {
      // Every message carries the listener, so that its completion makes room for the next.
      auto* context = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
      if (has_properties(m) && opts_.settings.protocol_version == 5) {
        client_->publish(with_properties(m), context, *delivery_listener_);
      } else {
        client_->publish(m.topic, m.payload.data(), m.payload.size(), m.qos, m.retained, context,
                         *delivery_listener_);
      }
    } catch (const mqtt::exception& e) {
      // The connection went away under us; the loss callback is on its way and fails the rest.
      spdlog::debug("publish to {} failed: {}", m.topic, e.what());
      auto done = std::move(pending_[id]);
      pending_.erase(id);
      if (done) done(false);
      return;
    }
  }
}

void mqtt_session::subscribe(const std::vector<std::string>& filters, int qos,
                             subscribe_handler done) {
  auto fail = [&] {
    if (done) boost::asio::post(io_, [done = std::move(done)] { done(false); });
  };
  if (!connected_ || filters.empty()) return fail();
  auto topics = mqtt::string_collection::create(filters);
  mqtt::iasync_client::qos_collection qoss(filters.size(), qos);
  const auto id = next_delivery_id_++;
  try {
    client_->subscribe(topics, qoss, reinterpret_cast<void*>(static_cast<std::uintptr_t>(id)),
                       *subscribe_listener_);
  } catch (const mqtt::exception& e) {
    spdlog::warn("subscribing to {} failed: {}", fmt::join(filters, ", "), e.what());
    return fail();
  }
  pending_subscribes_.emplace(id, std::move(done));
}

void mqtt_session::on_subscribed(std::uint64_t id, bool ok) {
  auto it = pending_subscribes_.find(id);
  if (it == pending_subscribes_.end()) return;  // already failed by a connection loss
  auto done = std::move(it->second);
  pending_subscribes_.erase(it);
  if (!ok) spdlog::warn("the MQTT broker at {} refused a subscription", url());
  if (done) done(ok);
}

void mqtt_session::unsubscribe(const std::vector<std::string>& filters) {
  if (!connected_ || filters.empty()) return;
  try {
    client_->unsubscribe(mqtt::string_collection::create(filters));
  } catch (const mqtt::exception& e) {
    spdlog::debug("unsubscribing from {} failed: {}", fmt::join(filters, ", "), e.what());
  }
}

void mqtt_session::stop(std::vector<mqtt_message> farewell, std::function<void()> done) {
  reconnect_timer_.cancel();
  failback_timer_.cancel();
  if (probe_) probe_->cancel();
  probe_.reset();
  if (!client_ || !connected_) {
    stopping_ = true;
    if (client_ && connecting_) {
      // A connect in flight would otherwise complete after we are gone. Paho refuses while
      // the connect is in progress; stopping_ then makes its result a no-op.
      try {
        client_->disable_callbacks();
      } catch (const mqtt::exception&) {
      }
    }
    boost::asio::post(io_, std::move(done));
    return;
  }
  // What still waits to be sent is dropped rather than sent ahead of the farewell; a bridge's
  // next run publishes its retained values again anyway.
  drop_waiting();
  // Paho puts a disconnect ahead of publishes still queued, so the farewell would be lost:
  // disconnect once the broker acknowledged it (or after a bounded wait).
  auto finished = std::make_shared<std::function<void()>>(std::move(done));
  auto remaining = std::make_shared<std::size_t>(0);
  for (const auto& m : farewell) {
    bool queued = publish(m, [this, remaining, finished, topic = m.topic](bool ok) {
      if (!ok) spdlog::debug("the farewell on {} was not delivered", topic);
      if (*remaining > 0 && --*remaining == 0) disconnect(finished);
    });
    if (queued) {
      ++*remaining;
    } else {
      spdlog::debug("the farewell on {} could not be sent", m.topic);
    }
  }
  stopping_ = true;
  if (*remaining == 0) {
    disconnect(finished);
    return;
  }
  reconnect_timer_.expires_after(std::chrono::seconds(3));
  reconnect_timer_.async_wait([this, remaining, finished](const boost::system::error_code& ec) {
    if (ec || *remaining == 0) return;
    *remaining = 0;
    disconnect(finished);
  });
}

void mqtt_session::disconnect(const std::shared_ptr<std::function<void()>>& finished) {
  reconnect_timer_.cancel();
  if (!connected_) {
    boost::asio::post(io_, [finished] { (*finished)(); });
    return;
  }
  disconnect_listener_ = std::make_unique<listener>([this, finished](const mqtt::token&, bool) {
    boost::asio::post(io_, [finished] { (*finished)(); });
  });
  try {
    client_->disconnect(std::chrono::seconds(3), nullptr, *disconnect_listener_);
  } catch (const mqtt::exception&) {
    boost::asio::post(io_, [finished] { (*finished)(); });
  }
  connected_ = false;
}

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
