#include "bridge/nut/nut_connection.hpp"

#include <algorithm>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bridge/nut/nut_replies.hpp"
#include "common/loggable.hpp"

namespace nutmqtt::bridge {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string nut_endpoint::label() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

std::string describe_connect_error(const boost::system::error_code& ec, const nut_endpoint& ep) {
  namespace err = asio::error;
  if (ec == err::connection_refused) {
    return fmt::format(
        "nothing listens on {} (connection refused): is upsd running, and does upsd.conf LISTEN "
        "on this address?",
        ep.label());
  }
  if (ec == err::host_not_found || ec == err::host_not_found_try_again || ec == err::no_data) {
    return fmt::format("cannot resolve the host name \"{}\": check the spelling and DNS", ep.host);
  }
  if (ec == err::timed_out) {
    return fmt::format("no answer from {}: check the address, the network and firewalls",
                       ep.label());
  }
  if (ec == err::network_unreachable || ec == err::host_unreachable) {
    return fmt::format("{} is unreachable ({}): check the address and the network", ep.label(),
                       ec.message());
  }
  return fmt::format("cannot connect to {}: {}", ep.label(), ec.message());
}

std::shared_ptr<nut_connection> nut_connection::create(asio::io_context& io, nut_endpoint endpoint,
                                                       std::chrono::milliseconds timeout,
                                                       connection_limits limits) {
  return std::shared_ptr<nut_connection>(
      new nut_connection(io, std::move(endpoint), timeout, limits));
}

nut_connection::nut_connection(asio::io_context& io, nut_endpoint endpoint,
                               std::chrono::milliseconds timeout, connection_limits limits)
    : io_(io),
      endpoint_(std::move(endpoint)),
      timeout_(timeout),
      limits_(limits),
      resolver_(io),
      ssl_ctx_(asio::ssl::context::tls_client),
      stream_(io, ssl_ctx_),
      deadline_(io),
      pace_timer_(io),
      pacer_(limits.max_requests_per_second),
      splitter_(limits.max_line_bytes) {}

void nut_connection::arm_connect_deadline(const char* stage) {
  // Connecting gets a little more time than one request: DNS and TCP may retry.
  deadline_.expires_after(std::max(timeout_, std::chrono::milliseconds(5000)));
  deadline_.async_wait([self = shared_from_this(), stage](const boost::system::error_code& ec) {
    if (ec || self->state_ != state::connecting) return;
    self->resolver_.cancel();
    self->shut_socket();
    self->finish_connect(
        fmt::format("no answer from {} while {}: check the address, the network "
                    "and firewalls",
                    self->endpoint_.label(), stage));
  });
}

void nut_connection::connect(connect_handler done) {
  on_connect_ = std::move(done);
  state_ = state::connecting;
  arm_connect_deadline("resolving its name");
  resolver_.async_resolve(endpoint_.host, std::to_string(endpoint_.port),
                          [self = shared_from_this()](const boost::system::error_code& ec,
                                                      const tcp::resolver::results_type& results) {
                            self->on_resolved(ec, results);
                          });
}

void nut_connection::on_resolved(const boost::system::error_code& ec,
                                 const tcp::resolver::results_type& results) {
  if (state_ != state::connecting) return;
  if (ec) return finish_connect(describe_connect_error(ec, endpoint_));
  arm_connect_deadline("connecting");
  asio::async_connect(stream_.next_layer(), results,
                      [self = shared_from_this()](const boost::system::error_code& e,
                                                  const tcp::endpoint&) { self->on_connected(e); });
}

void nut_connection::on_connected(const boost::system::error_code& ec) {
  if (state_ != state::connecting) return;
  if (ec) return finish_connect(describe_connect_error(ec, endpoint_));
  boost::system::error_code ignored;
  // Small request lines must not wait for Nagle: latency is the point of polling often.
  stream_.next_layer().set_option(tcp::no_delay(true), ignored);
  stream_.next_layer().set_option(asio::socket_base::keep_alive(true), ignored);
  deadline_.cancel();
  tcp_up_ = true;
  read_more();
  if (endpoint_.tls == tls_mode::off) return finish_connect("");
  start_tls_negotiation();
}

void nut_connection::start_tls_negotiation() {
  // Reading must stop after the STARTTLS reply: the next bytes belong to the TLS handshake.
  arm_connect_deadline("asking for TLS");
  enqueue(nut::starttls(),
          [self = shared_from_this()](const nut_result& r) { self->on_starttls_reply(r); });
  flush_writes();
}

void nut_connection::on_starttls_reply(const nut_result& r) {
  if (!r.delivered) return;  // fail() already reported it
  if (!nut::is_ok(r.reply)) {
    std::string why = r.reply.err ? r.reply.err->text() : "an unexpected reply";
    if (endpoint_.tls == tls_mode::required) {
      return fail(fmt::format(
          "upsd at {} does not offer TLS ({}), and tls is `required`: configure CERTPATH and "
          "CERTIDENT in upsd.conf, or set `tls: auto`",
          endpoint_.label(), why));
    }
    spdlog::info("upsd at {} does not offer TLS ({}); continuing without encryption",
                 endpoint_.label(), common::loggable(why));
    return finish_connect("");
  }
  reading_paused_ = true;
  if (!endpoint_.tls_ca_file.empty()) {
    boost::system::error_code ec;
    ssl_ctx_.load_verify_file(endpoint_.tls_ca_file, ec);
    if (ec) {
      return fail(fmt::format("cannot load the CA file {} for {}: {}", endpoint_.tls_ca_file,
                              endpoint_.label(), ec.message()));
    }
    stream_.set_verify_mode(asio::ssl::verify_peer);
    stream_.set_verify_callback(asio::ssl::host_name_verification(endpoint_.host));
  } else {
    stream_.set_verify_mode(asio::ssl::verify_none);
  }
  // SNI; the OpenSSL macro for this uses a C cast, hence the direct call.
  SSL_ctrl(stream_.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
           const_cast<char*>(endpoint_.host.c_str()));
  arm_connect_deadline("negotiating TLS");
  state_ = state::connecting;
  stream_.async_handshake(asio::ssl::stream_base::client, [self = shared_from_this()](
                                                              const boost::system::error_code& ec) {
    if (self->state_ != state::connecting) return;
    self->deadline_.cancel();
    if (ec) {
      return self->finish_connect(
          fmt::format("TLS handshake with {} failed: {}", self->endpoint_.label(), ec.message()));
    }
    self->tls_ = true;
    self->reading_paused_ = false;
    self->read_more();
    self->finish_connect("");
  });
}

void nut_connection::finish_connect(const std::string& error) {
  auto done = std::move(on_connect_);
  on_connect_ = nullptr;
  if (error.empty()) {
    state_ = state::open;
    arm_deadline();
  } else {
    state_ = state::closed;
    shut_socket();
    fail_pending(error);
  }
  if (done) done(error);
}

void nut_connection::send(nut::request r, reply_handler h) {
  if (state_ == state::closed) {
    asio::post(io_, [h = std::move(h)] { h(nut_result{false, {}, "the connection is closed"}); });
    return;
  }
  enqueue(std::move(r), std::move(h));
  flush_writes();
}

void nut_connection::send(batch requests) {
  for (auto& [r, h] : requests) {
    if (state_ == state::closed) {
      asio::post(io_, [h = std::move(h)] { h(nut_result{false, {}, "the connection is closed"}); });
    } else {
      enqueue(std::move(r), std::move(h));
    }
  }
  flush_writes();
}

void nut_connection::enqueue(nut::request r, reply_handler h) {
  // Requests wait for the pacer here; so many that they could not be written within ten
  // seconds are refused rather than kept (the poller asks again on its next tick).
  const std::size_t waiting = pending_.size() - written_;
  if (limits_.max_requests_per_second > 0 &&
      waiting >= std::max<std::size_t>(1000, 10 * limits_.max_requests_per_second)) {
    report_limit(
        "max_requests_per_second",
        fmt::format("{} requests already wait to be sent; `{}` refused", waiting, r.describe()));
    asio::post(io_, [h = std::move(h)] {
      h(nut_result{false, {}, "too many requests waiting for upsd"});
    });
    return;
  }
  spdlog::trace("upsd {} <- {}", endpoint_.label(), common::loggable(r.describe()));
  nut::reply_assembler assembler(r, limits_.reply);
  pending_.push_back(pending_request{std::move(r), std::move(h), std::move(assembler), {}});
}

void nut_connection::release_paced() {
  const auto now = std::chrono::steady_clock::now();
  while (written_ < pending_.size()) {
    if (!pacer_.take(now)) {
      if (!pace_armed_) {
        report_limit("max_requests_per_second",
                     fmt::format("more than {} requests a second; the others wait their turn",
                                 limits_.max_requests_per_second));
      }
      arm_pace_timer(pacer_.next_token(now));
      return;
    }
    auto& p = pending_[written_++];
    outgoing_ += p.request.line;
    outgoing_ += '\n';
    p.deadline = now + timeout_;
    if (written_ == 1 && state_ == state::open) arm_deadline();
  }
}

void nut_connection::arm_pace_timer(std::chrono::steady_clock::time_point when) {
  if (pace_armed_) return;
  pace_armed_ = true;
  pace_timer_.expires_at(when);
  pace_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    self->pace_armed_ = false;
    if (ec || self->state_ == state::closed) return;
    self->flush_writes();
  });
}

void nut_connection::report_limit(std::string_view limit, const std::string& what,
                                  std::uint64_t count) {
  if (on_limit_) on_limit_(limit, what, count);
}

void nut_connection::flush_writes() {
  if (!tcp_up_ || state_ == state::closed || reading_paused_) return;
  release_paced();
  if (!writing_.empty() || outgoing_.empty()) return;
  writing_.swap(outgoing_);
  auto on_written = [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
    if (self->state_ == state::closed) return;
    if (ec) return self->fail(fmt::format("writing to upsd failed: {}", ec.message()));
    self->writing_.clear();
    self->flush_writes();
  };
  if (tls_) {
    asio::async_write(stream_, asio::buffer(writing_), on_written);
  } else {
    asio::async_write(stream_.next_layer(), asio::buffer(writing_), on_written);
  }
}

void nut_connection::read_more() {
  auto on_data = [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
    self->on_read(ec, n);
  };
  if (tls_) {
    stream_.async_read_some(asio::buffer(read_buffer_), on_data);
  } else {
    stream_.next_layer().async_read_some(asio::buffer(read_buffer_), on_data);
  }
}

void nut_connection::on_read(const boost::system::error_code& ec, std::size_t n) {
  if (state_ == state::closed) return;
  if (ec) {
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
      return fail("upsd closed the connection");
    }
    return fail(fmt::format("reading from upsd failed: {}", ec.message()));
  }
  // At most one read buffer of lines per handler: a server sending without end still lets
  // every other handler on the io_context run between two of its reads.
  if (!splitter_.feed(std::string_view(read_buffer_.data(), n))) {
    report_limit("max_line_bytes",
                 fmt::format("a line longer than {} bytes; reconnecting", limits_.max_line_bytes));
    return fail(fmt::format("upsd sent a line longer than {} bytes", limits_.max_line_bytes));
  }
  while (auto line = splitter_.next()) {
    if (!dispatch(*line)) return;
  }
  if (!reading_paused_) read_more();
  flush_writes();
}

bool nut_connection::dispatch(const std::string& line) {
  if (written_ == 0) {
    fail("upsd sent a line nobody asked for");
    return false;
  }
  auto& head = pending_.front();
  const bool was_cut = head.assembler.peek().limit_hit != nullptr;
  const auto fed = head.assembler.feed(line);
  if (const auto& cut = head.assembler.peek(); !was_cut && cut.limit_hit != nullptr) {
    // Said as the limit is hit, not when (or if) the list ends.
    report_limit(
        cut.limit_hit,
        fmt::format("the reply to `{}` has more than {} items or {} bytes; the rest is "
                    "read and dropped",
                    head.request.describe(), cut.items.size(), limits_.reply.max_reply_bytes));
  }
  switch (fed) {
    case nut::reply_assembler::state::need_more:
      return true;
    case nut::reply_assembler::state::bad:
      fail(fmt::format("upsd's reply to `{}` makes no sense ({})", head.request.describe(),
                       head.assembler.problem()));
      return false;
    case nut::reply_assembler::state::done:
      break;
  }
  auto done = std::move(head);
  pending_.pop_front();
  --written_;
  arm_deadline();
  // STARTTLS' reply pauses reading inside the handler; the handler may also close us.
  done.handler(nut_result{true, done.assembler.take(), {}});
  return state_ != state::closed && !reading_paused_;
}

void nut_connection::arm_deadline() {
  if (written_ == 0 || state_ != state::open) {
    if (state_ == state::open) deadline_.cancel();
    return;
  }
  deadline_.expires_at(pending_.front().deadline);
  deadline_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->state_ != state::open || self->written_ == 0) return;
    const auto& head = self->pending_.front();
    if (std::chrono::steady_clock::now() < head.deadline) return self->arm_deadline();
    self->fail(fmt::format("upsd did not answer `{}` within {} ms", head.request.describe(),
                           self->timeout_.count()));
  });
}

void nut_connection::shut_socket() {
  boost::system::error_code ignored;
  // Closing the socket cancels the pending read and write.
  stream_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.next_layer().close(ignored);
  deadline_.cancel();
  pace_timer_.cancel();
}

void nut_connection::fail(const std::string& why) {
  if (state_ == state::closed) return;
  if (state_ == state::connecting) return finish_connect(why);
  state_ = state::closed;
  shut_socket();
  fail_pending(why);
  if (on_failure_) on_failure_(why);
}

void nut_connection::fail_pending(const std::string& why) {
  // Moved out first: a handler may send again (and be told at once the connection is closed).
  auto pending = std::move(pending_);
  pending_.clear();
  written_ = 0;
  for (auto& p : pending)
    p.handler(nut_result{false, {}, why});
}

void nut_connection::log_out() {
  send(nut::logout(), [self = shared_from_this()](const nut_result&) { self->close(); });
}

void nut_connection::close() {
  if (state_ == state::closed) return;
  state_ = state::closed;
  resolver_.cancel();
  shut_socket();
  on_connect_ = nullptr;
  fail_pending("the connection was closed");
}

}  // namespace nutmqtt::bridge
