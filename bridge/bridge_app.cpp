#include "bridge/bridge_app.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "common/duration.hpp"
#include "common/ids.hpp"
#include "common/loggable.hpp"
#include "common/version.hpp"

namespace nutmqtt::bridge {
bridge_app::bridge_app(boost::asio::io_context& io, bridge_config config)
    : io_(io),
      config_(std::move(config)),
      context_{config_.id,
               common::new_run_id(),
               common::topic_scheme(config_.mqtt.base_topic),
               {config_.events.nocomm_interval, config_.events.replbatt_interval},
               0,
               config_.security.sign_key,
               [this](const std::string& id) { update_availability(id); }},
      started_(common::wall_clock::now()),
      peers_(config_.id),
      info_timer_(io),
      limits_timer_(io) {
  const auto& t = context_.topics;
  common::mqtt_session::options opts;
  opts.settings = config_.mqtt;
  opts.will = common::mqtt_message{t.bridge_availability(config_.id), "offline",
                                   std::max(config_.mqtt.qos, 1), true};
  opts.clean_session = true;  // commands sent while we were away are stale: never run them late
  mqtt_ = common::mqtt_session::create(
      io_, opts,
      {[this] { on_mqtt_connected(); }, [this] { out_->on_disconnected(); },
       [this](common::mqtt_message m) { on_mqtt_message(m); }});
  out_ = std::make_unique<publisher>(*mqtt_, config_.mqtt.qos, config_.events.queue_limit);
  commands_ = std::make_unique<command_service>(
      io_, command_policy{config_.commands.instcmd, config_.commands.set}, t, *mqtt_,
      config_.mqtt.qos,
      [this](const std::string& id) -> std::pair<server_poller*, std::string> {
        auto it = ids_.find(id);
        if (it == ids_.end()) return {nullptr, {}};
        return {servers_[it->second.first].get(), it->second.second};
      },
      peers_,
      std::vector<std::string>{config_.homeassistant.prefix, config_.homeassistant.status_topic});
  shutdown_ = std::make_unique<shutdown_coordinator>(io_, config_, t);
  if (config_.homeassistant.enabled) {
    discovery_ = std::make_unique<discovery_service>(
        io_, config_.homeassistant, ha::bridge_identity{config_.id, kVersion, common::host_id()}, t,
        *mqtt_, config_.mqtt.qos);
    discovery_->on_birth([this] { out_->republish_retained(); });
  }

  for (std::size_t i = 0; i < config_.servers.size(); ++i) {
    server_poller::callbacks cb;
    cb.status = [this, i](const std::string& ups, const poll_outcome& p) { on_status(i, ups, p); };
    cb.vars = [this, i](const std::string& ups, std::map<std::string, std::string> v) {
      on_vars(i, ups, std::move(v));
    };
    cb.listed = [this, i](const server_poller::ups_list& l) { on_listed(i, l); };
    cb.state_changed = [this, i] { server_state_changed(i); };
    cb.limit_hit = [this] { limits_changed(); };
    servers_.push_back(
        std::make_unique<server_poller>(io_, config_.servers[i], config_.poll, std::move(cb)));
    for (const auto& u : config_.servers[i].ups)
      add_ups(i, u.name, u.id);
    const auto& limits = config_.servers[i].limits;
    if (config_.servers[i].ups.empty()) {
      rosters_.emplace_back(std::in_place, limits.reply.max_ups, limits.forget_after);
    } else {
      rosters_.emplace_back();
    }
  }
}

bridge_app::~bridge_app() = default;

void bridge_app::start() {
  spdlog::info("nutmqtt-bridge {} starting as `{}` (boot {}), publishing under {}/", kVersion,
               config_.id, context_.boot, config_.mqtt.base_topic);
  out_->retain(context_.topics.bridge_availability(config_.id), "online");
  publish_info();
  mqtt_->start();
  for (auto& s : servers_)
    s->start();
  shutdown_->start();
}

void bridge_app::stop(std::function<void()> done) {
  if (stopping_) return;
  stopping_ = true;
  info_timer_.cancel();
  limits_timer_.cancel();
  for (auto& s : servers_)
    s->stop();
  shutdown_->stop();
  if (discovery_) discovery_->stop();
  const auto& t = context_.topics;
  mqtt_->stop({{t.bridge_availability(config_.id), "offline", std::max(config_.mqtt.qos, 1), true}},
              std::move(done));
}

void bridge_app::on_mqtt_connected() {
  const auto& t = context_.topics;
  mqtt_->subscribe(
      {t.every_bridge_availability(), t.every_bridge_info(), t.every_availability_by()},
      std::max(config_.mqtt.qos, 1));
  commands_->on_connected();
  if (discovery_) discovery_->on_connected();
  shutdown_->on_connected(*mqtt_, config_.mqtt.qos);
  // The info counts what was queued and dropped while the broker was away.
  publish_info();
  // Each state is taken again, so that its `time` says now: an agent reading it live counts
  // its conditions' age by this clock alone (state time minus since), whatever the skew
  // between the two hosts, and a snapshot taken before the broker went away is not news.
  const auto now = common::wall_clock::now();
  for (auto& [key, monitor] : ups_)
    monitor->refresh_state(now);
  out_->on_connected();
}

void bridge_app::on_mqtt_message(const common::mqtt_message& m) {
  if (discovery_ && discovery_->on_message(m)) return;
  if (shutdown_->on_message(m)) return;
  if (on_peer_message(m)) return;
  commands_->on_message(m);
}

bool bridge_app::on_peer_message(const common::mqtt_message& m) {
  auto t = context_.topics.parse(m.topic);
  if (!t) return false;
  if (auto peer = common::topic_scheme::availability_by_bridge(*t)) {
    if (*peer == config_.id) {
      // Left by an earlier run that had this UPS: no other bridge may count on this one for it.
      if (!m.payload.empty() && ids_.count(t->ups) == 0) out_->clear(m.topic);
      return true;
    }
    std::optional<bool> reaches;
    if (!m.payload.empty()) reaches = m.payload == "online";
    peers_.on_reach(t->ups, *peer, reaches);
    if (ids_.count(t->ups) != 0) {
      spdlog::debug("bridge {} {} UPS {}", common::loggable(*peer),
                    !reaches   ? "no longer has"
                    : *reaches ? "polls"
                               : "cannot poll",
                    t->ups);
      update_availability(t->ups);
    }
    return true;
  }
  const auto slash = t->leaf.find('/');
  if (t->ups != "_bridge" || slash == std::string::npos) return false;
  const std::string head = t->leaf.substr(0, slash);
  const std::string tail = t->leaf.substr(slash + 1);
  if (tail == "availability") {
    peers_.on_availability(head, m.payload == "online");
    for (const auto& [id, key] : ids_)
      update_availability(id);
  } else if (tail == "info") {
    if (!peers_.on_info(head, m.payload)) {
      if (auto suppressed = log_limit_.allow("peer info", common::rate_limiter::clock::now())) {
        spdlog::warn(
            "the info of bridge {} is not a bridge's info document: its UPSes are not "
            "known here{}",
            common::loggable(head), common::suppressed_note(*suppressed));
      }
    }
  } else {
    return false;
  }
  return true;
}

void bridge_app::update_availability(const std::string& id) {
  auto it = ids_.find(id);
  if (it == ids_.end()) return;
  auto* m = find(it->second.first, it->second.second);
  if (m == nullptr) return;
  const auto own = m->state().available();
  const bool another = peers_.another_reaches(id);
  // Before its first poll this bridge has nothing to say of the UPS: another's word stands.
  if (!own && !another) return;
  const bool online = own.value_or(false) || another;
  auto [last, fresh] = aggregate_.try_emplace(id, online);
  if (!fresh && last->second == online) return;
  last->second = online;
  spdlog::debug("UPS {}: {} by any bridge (this one {})", id, online ? "polled" : "not polled",
                own ? (*own ? "polls it" : "cannot poll it") : "has not polled it yet");
  out_->retain(context_.topics.availability(id), online ? "online" : "offline");
}

void bridge_app::server_state_changed(std::size_t server) {
  if (!servers_[server]->connected()) {
    // After a reconnect the server may offer other commands: ask again then.
    for (auto it = capabilities_asked_.begin(); it != capabilities_asked_.end();) {
      it = it->first == server ? capabilities_asked_.erase(it) : std::next(it);
    }
  }
  info_changed();
}

void bridge_app::request_capabilities(std::size_t server, const std::string& nut_name) {
  if (!discovery_ || !capabilities_asked_.insert({server, nut_name}).second) return;
  command_policy policy{config_.commands.instcmd, config_.commands.set};
  fetch_capabilities(*servers_[server], nut_name, policy,
                     [this, server, nut_name](std::optional<ups_capabilities> caps) {
                       if (stopping_) return;
                       if (!caps) {
                         capabilities_asked_.erase({server, nut_name});
                         return;
                       }
                       capabilities_[{server, nut_name}] = std::move(*caps);
                       refresh_discovery(server, nut_name);
                     });
}

void bridge_app::refresh_discovery(std::size_t server, const std::string& nut_name) {
  if (!discovery_) return;
  auto caps = capabilities_.find({server, nut_name});
  auto* m = find(server, nut_name);
  if (caps == capabilities_.end() || m == nullptr || m->state().vars().empty()) return;
  ha::ups_snapshot s;
  s.id = m->identity().id;
  s.nut_name = nut_name;
  s.server = m->identity().server;
  s.description = caps->second.description;
  s.vars = m->state().vars();
  s.commands = caps->second.commands;
  s.writables = caps->second.writables;
  discovery_->update_ups(s);
}

ups_monitor& bridge_app::add_ups(std::size_t server, const std::string& nut_name,
                                 const std::string& id) {
  ups_identity identity{id, nut_name, servers_[server]->label()};
  auto& slot = ups_[{server, nut_name}];
  slot = std::make_unique<ups_monitor>(std::move(identity), context_, *out_);
  ids_[id] = {server, nut_name};
  return *slot;
}

ups_monitor* bridge_app::find(std::size_t server, const std::string& nut_name) {
  auto it = ups_.find({server, nut_name});
  return it == ups_.end() ? nullptr : it->second.get();
}

bool bridge_app::can_watch(std::size_t server, const std::string& name) {
  auto& poller = *servers_[server];
  // Names are logged once each; a server inventing endless bad names starts the set afresh
  // rather than growing it.
  auto first_time = [&] {
    if (clashes_reported_.size() >= 1024) clashes_reported_.clear();
    return clashes_reported_.insert(poller.label() + "/" + name).second;
  };
  if (auto why = common::id_problem(name)) {
    if (first_time()) {
      spdlog::error(
          "UPS `{}` on {} cannot be published: its name {} as an MQTT id; list it "
          "under `ups:` with an `id:`",
          common::loggable(name), poller.label(), *why);
    }
    return false;
  }
  if (auto owner = ids_.find(name); owner != ids_.end()) {
    if (first_time()) {
      spdlog::error(
          "UPS `{}` on {} has the same id as UPS `{}` on {}; neither is renamed and "
          "only the first is published. List the UPSes of one server under `ups:` "
          "with distinct `id:`s",
          common::loggable(name), poller.label(), common::loggable(owner->second.second),
          servers_[owner->second.first]->label());
    }
    return false;
  }
  return true;
}

namespace {

// "a, b, c and 12 more": one log line for any number of UPSes.
std::string some_names(const std::vector<std::string>& names) {
  constexpr std::size_t kShown = 8;
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i)
    out += (i > 0 ? ", " : "") + fmt::format("`{}`", common::loggable(names[i], 64));
  if (names.size() > kShown) out += fmt::format(" and {} more", names.size() - kShown);
  return out;
}

}  // namespace

void bridge_app::on_listed(std::size_t server, const server_poller::ups_list& list) {
  auto& poller = *servers_[server];
  if (!rosters_[server]) return;  // a configured list is watched as configured
  auto& roster = *rosters_[server];
  std::vector<std::string> names;
  names.reserve(list.size());
  for (const auto& [name, desc] : list)
    names.push_back(name);
  auto change = roster.listed(names, std::chrono::steady_clock::now(),
                              [&](const std::string& name) { return can_watch(server, name); });
  if (change.refused > 0) {
    poller.limits_hit().hit(
        "max_ups",
        fmt::format("it lists {} UPSes the bridge does not watch, as it already watches {}",
                    change.refused, roster.size()),
        std::chrono::steady_clock::now(), change.refused);
    limits_changed();
  }
  if (change.empty()) return;
  apply_roster_change(server, change);
  poller.set_polled(roster.polled());
  info_changed();
}

void bridge_app::apply_roster_change(std::size_t server, const ups_roster::change& c) {
  const auto& label = servers_[server]->label();
  const auto& limits = config_.servers[server].limits;
  for (const auto& name : c.forgotten)
    forget_ups(server, name);
  if (!c.forgotten.empty()) {
    spdlog::info("forgot {} on {}: not listed for {}; their topics are cleared",
                 some_names(c.forgotten), label, common::format_duration(limits.forget_after));
  }
  for (const auto& name : c.added)
    add_ups(server, name, name);
  if (!c.added.empty()) spdlog::info("watching UPS {} on {}", some_names(c.added), label);
  if (!c.back.empty()) spdlog::info("{} on {} listed again", some_names(c.back), label);
  if (c.missing.empty()) return;
  spdlog::warn("{} on {} no longer listed: no longer polled, forgotten in {} unless listed again",
               some_names(c.missing), label, common::format_duration(limits.forget_after));
  // One failed poll each: unavailable now, one COMMBAD, and nothing more until it comes back
  // or is forgotten (it is not polled, so no failure repeats for it).
  for (const auto& name : c.missing)
    on_status(server, name, poll_outcome{false, {}, {}, "upsd no longer lists this UPS"});
}

void bridge_app::forget_ups(std::size_t server, const std::string& nut_name) {
  auto it = ups_.find({server, nut_name});
  if (it == ups_.end()) return;
  const std::string id = it->second->identity().id;
  ups_.erase(it);
  ids_.erase(id);
  aggregate_.erase(id);
  capabilities_.erase({server, nut_name});
  capabilities_asked_.erase({server, nut_name});
  out_->clear_under(context_.topics.base() + "/" + id + "/");
  if (discovery_) discovery_->remove_ups(id);
}

void bridge_app::on_status(std::size_t server, const std::string& ups, const poll_outcome& poll) {
  auto* m = find(server, ups);
  if (m == nullptr) return;
  bool was_available = m->state().available().value_or(false);
  if (m->on_status(poll, common::wall_clock::now(), std::chrono::steady_clock::now())) {
    servers_[server]->refresh_vars(ups);
  }
  if (poll.ok) {
    request_capabilities(server, ups);
    shutdown_->on_status({server, ups}, m->state().flags());
  }
  if (was_available != m->state().available().value_or(false)) info_changed();
}

void bridge_app::on_vars(std::size_t server, const std::string& ups,
                         std::map<std::string, std::string> vars) {
  auto* m = find(server, ups);
  if (m == nullptr) return;
  m->on_vars(std::move(vars), common::wall_clock::now());
  refresh_discovery(server, ups);
}

void bridge_app::info_changed() {
  // Coalesced: a server with many UPSes going away changes the info once, not per UPS.
  if (info_pending_ || stopping_) return;
  info_pending_ = true;
  info_timer_.expires_after(std::chrono::milliseconds(200));
  info_timer_.async_wait([this](const boost::system::error_code& ec) {
    info_pending_ = false;
    if (!ec && !stopping_) publish_info();
  });
}

void bridge_app::limits_changed() {
  // A hostile server hits a limit on every poll: the first hit is news at once, the counts
  // after it at most every ten seconds.
  constexpr auto kLimitsInfoInterval = std::chrono::seconds(10);
  if (stopping_) return;
  if (limits_pending_) {
    limits_dirty_ = true;
    return;
  }
  info_changed();
  limits_pending_ = true;
  limits_timer_.expires_after(kLimitsInfoInterval);
  limits_timer_.async_wait([this](const boost::system::error_code& ec) {
    limits_pending_ = false;
    if (ec || stopping_ || !std::exchange(limits_dirty_, false)) return;
    limits_changed();
  });
}

void bridge_app::publish_info() {
  nlohmann::ordered_json j;
  j["bridge"] = config_.id;
  j["version"] = kVersion;
  j["boot"] = context_.boot;
  j["started"] = common::format_time(started_);
  auto servers = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < servers_.size(); ++i) {
    const auto& s = *servers_[i];
    nlohmann::ordered_json sj;
    sj["server"] = s.label();
    sj["connected"] = s.connected();
    sj["tls"] = s.tls_active();
    if (!s.last_error().empty()) sj["error"] = s.last_error();
    if (!s.server_version().empty()) sj["upsd"] = s.server_version();
    auto ups = nlohmann::ordered_json::array();
    for (const auto& [key, m] : ups_) {
      if (key.first != i) continue;
      ups.push_back({{"id", m->identity().id},
                     {"nut_name", m->identity().nut_name},
                     {"available", m->state().available().value_or(false)}});
    }
    sj["ups"] = std::move(ups);
    sj["connects"] = s.connects();
    // How often each limit of `limits:` was hit: a count that grows says the server sends
    // more than the bridge keeps (see the log for what it was).
    auto hits = nlohmann::ordered_json::object();
    for (const auto& [limit, count] : s.limits_hit().counts())
      hits[limit] = count;
    sj["limits_hit"] = std::move(hits);
    servers.push_back(std::move(sj));
  }
  j["servers"] = std::move(servers);
  j["events"] = {{"published", context_.last_seq},
                 {"queued", out_->events_queued()},
                 {"dropped", out_->events_dropped()}};
  out_->retain(context_.topics.bridge_info(config_.id),
               j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace nutmqtt::bridge
