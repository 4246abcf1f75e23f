#include "bridge/nut/server_poller.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bridge/nut/credential_check.hpp"
#include "bridge/nut/nut_replies.hpp"
#include "common/ascii.hpp"
#include "common/loggable.hpp"
#include "common/ups_status.hpp"

namespace nutmqtt::bridge {
namespace {

std::string names_of(const server_poller::ups_list& list) {
  // A few are enough for a log line; a server may list hundreds.
  constexpr std::size_t kShown = 16;
  std::string out;
  for (std::size_t i = 0; i < list.size() && i < kShown; ++i)
    out += (out.empty() ? "" : ", ") + common::loggable(list[i].first, 64);
  if (list.size() > kShown) out += fmt::format(" and {} more", list.size() - kShown);
  return out.empty() ? "none" : out;
}

// Advances a periodic timer by one period, or restarts it from now after a long stall (a
// suspended host) so that missed ticks do not fire in a burst.
void advance(boost::asio::steady_timer& t, std::chrono::milliseconds period) {
  auto next = t.expiry() + period;
  auto now = std::chrono::steady_clock::now();
  t.expires_at(next < now ? now + period : next);
}

}  // namespace

common::backoff upsd_reconnect_backoff(std::chrono::milliseconds status_interval) {
  const auto every = std::max<std::chrono::milliseconds>(status_interval, std::chrono::seconds(1));
  return common::backoff(every, every);
}

server_poller::server_poller(boost::asio::io_context& io, const server_config& config,
                             const poll_settings& poll, callbacks cb)
    : io_(io),
      config_(config),
      poll_(poll),
      cb_(std::move(cb)),
      label_(config.endpoint.label()),
      status_timer_(io),
      vars_timer_(io),
      reconnect_timer_(io),
      backoff_(std::chrono::seconds(1), std::chrono::seconds(30),
               std::max<std::chrono::milliseconds>(kSettle, 2 * poll.vars_interval)),
      unreachable_backoff_(upsd_reconnect_backoff(poll.status_interval)),
      tally_("upsd at " + label_) {
  for (const auto& u : config_.ups)
    polled_.push_back(u.name);
}

server_poller::~server_poller() {
  stop();
}

void server_poller::start() {
  stopped_ = false;
  status_timer_.expires_after(poll_.status_interval);
  every(status_timer_, poll_.status_interval, &server_poller::poll_status);
  vars_timer_.expires_after(poll_.vars_interval);
  every(vars_timer_, poll_.vars_interval, &server_poller::poll_vars);
  connect();
}

void server_poller::stop() {
  stopped_ = true;
  status_timer_.cancel();
  vars_timer_.cancel();
  reconnect_timer_.cancel();
  if (connection_) connection_->close();
  connection_.reset();
  if (auto check = credential_check_.lock()) check->close();
  ready_ = false;
}

void server_poller::every(boost::asio::steady_timer& timer, std::chrono::milliseconds period,
                          void (server_poller::*poll)()) {
  timer.async_wait([this, &timer, period, poll](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    (this->*poll)();
    advance(timer, period);
    every(timer, period, poll);
  });
}

void server_poller::connect() {
  if (stopped_) return;
  const auto& l = config_.limits;
  connection_ = nut_connection::create(
      io_, config_.endpoint, poll_.timeout,
      connection_limits{l.reply, l.max_line_bytes, l.max_requests_per_second});
  ++connects_;
  reached_ = false;
  connection_->on_failure([this](const std::string& why) { lost(why); });
  connection_->on_limit([this](std::string_view limit, const std::string& what, std::uint64_t n) {
    tally_.hit(limit, what, std::chrono::steady_clock::now(), n);
    if (cb_.limit_hit) cb_.limit_hit();
  });
  connection_->connect([this](const std::string& error) { on_connected(error); });
}

void server_poller::on_connected(const std::string& error) {
  if (stopped_) return;
  if (!error.empty()) return lost(error);
  reached_ = true;
  nut_connection::batch hello;
  auto ignore = [](const nut_result&) {};
  if (!config_.username.empty()) {
    hello.emplace_back(nut::username(config_.username), ignore);
    if (!config_.password.empty()) {
      hello.emplace_back(nut::password(config_.password.reveal()), ignore);
    }
  }
  // With tracking on, INSTCMD and SET VAR answer with an id whose outcome (what the driver
  // made of it) can be asked for; without it upsd answers OK before the driver even tried.
  hello.emplace_back(nut::set_tracking_on(), [this](const nut_result& r) {
    tracking_ = r.delivered && nut::is_ok(r.reply);
  });
  hello.emplace_back(nut::ver(), [this](const nut_result& r) {
    if (r.delivered && r.reply.ok() && !r.reply.words.empty()) {
      version_.clear();
      for (const auto& w : r.reply.words)
        version_ += (version_.empty() ? "" : " ") + w;
    }
  });
  hello.emplace_back(nut::list_ups(), [this](const nut_result& r) { on_listed(r); });
  connection_->send(std::move(hello));
}

void server_poller::on_listed(const nut_result& r) {
  if (!r.delivered || stopped_) return;
  if (r.reply.err) {
    const auto& e = *r.reply.err;
    return lost(fmt::format("upsd at {} refused to list its UPSes ({}): {}", label_, e.text(),
                            nut::explain(e.code)));
  }
  auto list = nut::read_ups_list(r.reply);
  if (!list) return lost(fmt::format("upsd at {} sent a malformed UPS list", label_));
  if (!ready_) {
    ready_ = true;
    if (!last_error_.empty()) {
      spdlog::info("reconnected to upsd at {}", label_);
    } else {
      spdlog::info("connected to upsd at {}{}; it has: {}", label_, tls_active() ? " over TLS" : "",
                   names_of(*list));
    }
    last_error_.clear();
    if (cb_.state_changed) cb_.state_changed();
  }
  if (!names_checked_) {
    check_configured_names(*list);
    names_checked_ = true;
    bool logs_in = std::any_of(config_.ups.begin(), config_.ups.end(),
                               [](const ups_config& u) { return u.login; });
    if (!config_.username.empty() && !list->empty()) {
      verify_credentials(list->front().first, logs_in);
    }
  }
  if (cb_.listed) cb_.listed(*list);
  if (polled_.empty()) backoff_.healthy(std::chrono::steady_clock::now());
  if (status_outstanding_.empty() && vars_outstanding_.empty()) {
    // First data at once rather than a poll interval later. The variables are asked first:
    // a server that answers the status but fails on LIST VAR is dropped before its status
    // reads as a recovery, so each of its reconnects is not a COMMOK and COMMBAD again.
    for (const auto& ups : polled_)
      send_vars_request(ups);
    poll_status();
  }
}

void server_poller::check_configured_names(const ups_list& listed) {
  for (std::size_t i = 0; i < config_.ups.size(); ++i) {
    const auto& name = config_.ups[i].name;
    bool found = std::any_of(listed.begin(), listed.end(), [&](const auto& entry) {
      return common::ascii_iequals(entry.first, name);
    });
    if (!found) {
      spdlog::error(
          "upsd at {} has no UPS named `{}` ({}.ups[{}]); it has: {}. Fix `name:` in "
          "the configuration (or ups.conf on the server)",
          label_, common::loggable(name), config_.where, i, names_of(listed));
    }
  }
}

void server_poller::verify_credentials(const std::string& ups, bool login_needed) {
  // A reconnect asks again; an earlier check still waiting on upsd is of no use any more.
  if (auto earlier = credential_check_.lock()) earlier->close();
  credential_check_ = check_credentials(
      io_, config_.endpoint, poll_.timeout, config_.username, config_.password, ups,
      [this, login_needed, alive = std::weak_ptr<bool>(alive_)](const credential_verdict& v) {
        if (alive.expired() || stopped_) return;
        auto report = describe_verdict(label_, config_.username, v, login_needed);
        spdlog::log(report.level, "{}", report.message);
      });
}

void server_poller::lost(const std::string& why) {
  if (stopped_) return;
  bool was_ready = ready_;
  ready_ = false;
  if (connection_) connection_->close();
  connection_.reset();
  status_outstanding_.clear();
  vars_outstanding_.clear();
  names_checked_ = false;
  if (why != last_error_) {
    if (was_ready) {
      spdlog::warn("lost the connection to upsd at {}: {}; reconnecting", label_,
                   common::loggable(why));
    } else {
      spdlog::error("upsd at {}: {}; retrying", label_, common::loggable(why));
    }
    last_error_ = why;
  } else {
    spdlog::debug("upsd at {} still failing: {}", label_, common::loggable(why));
  }
  // Failures are reported at once so that COMMBAD does not wait for the next tick.
  report_failure_to_all(why);
  if (cb_.state_changed) cb_.state_changed();
  schedule_reconnect();
}

void server_poller::schedule_reconnect() {
  // A server that cannot be reached costs nothing to try again; one that accepts and then
  // fails may be failing because of us (a reply it cannot make), so it is tried ever less.
  reconnect_timer_.expires_after(reached_ ? backoff_.next(std::chrono::steady_clock::now())
                                          : unreachable_backoff_.next());
  reconnect_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    connect();
  });
}

void server_poller::report_failure_to_all(const std::string& why) {
  if (!cb_.status) return;
  for (const auto& ups : polled_)
    cb_.status(ups, poll_outcome{false, {}, {}, why});
}

void server_poller::poll_status() {
  if (!connected()) {
    // Failures are repeated every interval (that is what times NOCOMM), but only once a
    // connection attempt has really failed: a slow first connect is not a failed poll.
    if (!last_error_.empty()) report_failure_to_all(last_error_);
    return;
  }
  nut_connection::batch batch;
  for (const auto& ups : polled_) {
    // A UPS whose previous answer is still outstanding is not asked twice.
    if (!status_outstanding_.insert(ups).second) continue;
    batch.emplace_back(nut::get_var(ups, "ups.status"),
                       [this, ups](const nut_result& r) { on_status_reply(ups, r); });
  }
  if (!batch.empty()) connection_->send(std::move(batch));
}

void server_poller::on_status_reply(const std::string& ups, const nut_result& r) {
  status_outstanding_.erase(ups);
  if (!r.delivered || stopped_) return;  // the connection failed; lost() reported it
  if (r.reply.err) {
    const auto& e = *r.reply.err;
    if (e.code == nut::error_code::access_denied) {
      return lost(fmt::format("upsd refused to give the status of `{}` ({}): {}", ups, e.text(),
                              nut::explain(e.code)));
    }
    if (cb_.status) cb_.status(ups, poll_outcome{false, {}, {}, e.text()});
    return;
  }
  auto status = nut::read_var(r.reply);
  if (!status) {
    return lost(fmt::format("upsd sent a malformed reply to GET VAR {} ups.status", ups));
  }
  if (!common::has_token(common::split_status(*status), "ALARM")) {
    if (cb_.status) cb_.status(ups, poll_outcome{true, *status, {}, {}});
    return;
  }
  // The alarm text is part of the ALARM event, so the status waits for it (one round trip).
  status_outstanding_.insert(ups);
  connection_->send(nut::get_var(ups, "ups.alarm"),
                    [this, ups, s = *status](const nut_result& a) { on_alarm_reply(ups, s, a); });
}

void server_poller::on_alarm_reply(const std::string& ups, const std::string& status,
                                   const nut_result& r) {
  status_outstanding_.erase(ups);
  if (!r.delivered || stopped_) return;
  std::string alarm = nut::read_var(r.reply).value_or("");
  if (cb_.status) cb_.status(ups, poll_outcome{true, status, alarm, {}});
}

void server_poller::poll_vars() {
  if (!connected()) return;
  if (watching_everything()) {
    connection_->send(nut::list_ups(), [this](const nut_result& r) { on_listed(r); });
  }
  for (const auto& ups : polled_)
    send_vars_request(ups);
}

void server_poller::send_vars_request(const std::string& ups) {
  if (!connected() || !vars_outstanding_.insert(ups).second) return;
  connection_->send(nut::list_var(ups), [this, ups](const nut_result& r) {
    vars_outstanding_.erase(ups);
    if (!r.delivered || stopped_) return;
    // Every UPS answered a LIST VAR on this connection: the server works, for now.
    if (vars_outstanding_.empty()) backoff_.healthy(std::chrono::steady_clock::now());
    if (r.reply.err) {
      spdlog::debug("upsd at {}: LIST VAR {}: {}", label_, common::loggable(ups),
                    common::loggable(r.reply.err->text()));
      return;
    }
    auto vars = nut::read_var_list(r.reply);
    if (!vars) return lost(fmt::format("upsd sent a malformed variable list for {}", ups));
    if (cb_.vars) cb_.vars(ups, std::move(*vars));
  });
}

void server_poller::refresh_vars(const std::string& ups) {
  send_vars_request(ups);
}

void server_poller::set_polled(std::vector<std::string> names) {
  polled_ = std::move(names);
}

void server_poller::execute(nut::request r, nut_connection::reply_handler h) {
  if (!connected()) {
    boost::asio::post(io_, [h = std::move(h), why = "not connected to upsd at " + label_] {
      h(nut_result{false, {}, why});
    });
    return;
  }
  connection_->send(std::move(r), std::move(h));
}

}  // namespace nutmqtt::bridge
