#include "fake_upsd/session.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "fake_upsd/asio.hpp"
#include "fake_upsd/misbehaviour.hpp"
#include "fake_upsd/server.hpp"

namespace nutmqtt::fake_upsd {

namespace asio = boost::asio;
using boost::system::error_code;

session::session(asio::ip::tcp::socket socket, server& owner)
    : socket_(std::move(socket)),
      owner_(owner),
      delay_(socket_.get_executor()),
      idle_(socket_.get_executor()),
      linger_(socket_.get_executor()) {
  error_code ec;
  conn_.address = socket_.remote_endpoint(ec).address().to_string();
  // Replies are small and awaited one round trip at a time: send each at once.
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
}

void session::start() {
  arm_idle();
  if (owner_.mode() == misbehaviour::new_names) {
    linger_.expires_after(owner_.new_names_linger());
    linger_.async_wait([self = shared_from_this()](const error_code& ec) {
      if (!ec) self->close();
    });
  }
  read();
}

void session::arm_idle() {
  const auto timeout = owner_.idle_timeout();
  if (timeout.count() <= 0) {
    idle_.cancel();
    return;
  }
  // Moving the expiry cancels the wait in flight; its handler sees operation_aborted.
  idle_.expires_after(timeout);
  idle_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (self->closed_ || ec) return;
    spdlog::debug("fake upsd: {} idle, closing", self->conn_.address);
    self->close();
  });
}

asio::ip::tcp::socket& session::lowest_layer() {
  return tls_ ? tls_->next_layer() : socket_;
}

void session::close() {
  if (closed_) return;
  closed_ = true;
  const auto keep_alive = shared_from_this();  // forget() below may drop the server's reference
  error_code ignored;
  delay_.cancel();
  idle_.cancel();
  linger_.cancel();
  // Closing the socket cancels the read or write in flight; its handler then sees closed_.
  lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  lowest_layer().close(ignored);
  end_connection(conn_, owner_.state());
  owner_.forget(this);
}

void session::read() {
  auto handler = [self = shared_from_this()](const error_code& ec, std::size_t size) {
    self->on_read(ec, size);
  };
  if (tls_) {
    tls_->async_read_some(asio::buffer(input_), std::move(handler));
  } else {
    socket_.async_read_some(asio::buffer(input_), std::move(handler));
  }
}

void session::on_read(const error_code& ec, std::size_t size) {
  if (closed_) return;
  if (ec) {
    if (ec != asio::error::eof)
      spdlog::debug("fake upsd: {} read: {}", conn_.address, ec.message());
    close();
    return;
  }
  auto requests = parser_.feed(std::string_view(input_.data(), size));
  if (!requests.empty()) arm_idle();
  answer(requests);
}

void session::answer(const std::vector<request>& requests) {
  const misbehaviour mode = owner_.mode();
  for (const auto& r : requests) {
    owner_.state().stats.record(r);
    if (r.malformed) continue;  // upsd only logs a parse error; the client waits in vain
    if (mode == misbehaviour::stall) continue;
    if (mode == misbehaviour::garbage) {
      output_ += garbage_line(owner_.garbage_random());
    } else if (mode == misbehaviour::long_line) {
      output_ += owner_.long_reply();
    } else if (answer_hostile(r, mode)) {
      continue;
    } else {
      auto rep = handle_request(r.words, conn_, owner_.state());
      output_ += rep.text;
      after_ = rep.next;
      // After LOGOUT the connection closes (upsd would still answer the rest of the read
      // first); after STARTTLS only TLS may follow.
      if (after_ != after_reply::keep_going) break;
    }
  }
  if (output_.empty()) return read();
  if (mode != misbehaviour::slow) return write();
  delay_.expires_after(owner_.slow_delay());
  delay_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (self->closed_ || ec) return;
    self->write();
  });
}

namespace {

bool is_list_of(const request& r, std::string_view what, std::size_t words) {
  return r.words.size() == words && same_name(r.words[0], "LIST") && same_name(r.words[1], what);
}

bool is_ghost(std::string_view word) {
  return word.size() > kGhostPrefix.size() && word.starts_with(kGhostPrefix);
}

// Replaces the word `from` by `to` wherever it stands alone on a reply line.
void rename_word(std::string& text, const std::string& from, const std::string& to) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto found = text.find(from, at);
    if (found == std::string::npos) break;
    const bool starts = found == 0 || text[found - 1] == ' ';
    const auto after = found + from.size();
    const bool ends = after < text.size() && (text[after] == ' ' || text[after] == '\n');
    out.append(text, at, found - at);
    out += starts && ends ? to : from;
    at = after;
  }
  out.append(text, at, std::string::npos);
  text = std::move(out);
}

}  // namespace

bool session::answer_hostile(const request& r, misbehaviour mode) {
  if (mode == misbehaviour::huge_list && is_list_of(r, "VAR", 3)) {
    output_ += owner_.huge_reply(r.words[2]);
    return true;
  }
  if (mode == misbehaviour::bad_list_var && is_list_of(r, "VAR", 3)) {
    output_ += garbage_line(owner_.garbage_random());
    return true;
  }
  if (mode != misbehaviour::new_names) return false;
  if (is_list_of(r, "UPS", 2)) {
    output_ += owner_.ghost_listing();
    return true;
  }
  if (std::none_of(r.words.begin(), r.words.end(), is_ghost)) return false;
  answer_as_alias(r);
  return true;
}

void session::answer_as_alias(const request& r) {
  const auto& all = owner_.state().ups.all();
  auto words = r.words;
  std::string ghost;
  for (auto& w : words) {
    if (is_ghost(w) && !all.empty()) {
      ghost = w;
      w = all.front()->name();
    }
  }
  auto rep = handle_request(words, conn_, owner_.state());
  if (!ghost.empty()) rename_word(rep.text, all.front()->name(), ghost);
  output_ += rep.text;
}

void session::write() {
  auto handler = [self = shared_from_this()](const error_code& ec, std::size_t) {
    self->on_written(ec);
  };
  if (tls_) {
    asio::async_write(*tls_, asio::buffer(output_), std::move(handler));
  } else {
    asio::async_write(socket_, asio::buffer(output_), std::move(handler));
  }
}

void session::on_written(const error_code& ec) {
  if (closed_) return;
  if (ec) {
    spdlog::debug("fake upsd: {} write: {}", conn_.address, ec.message());
    close();
    return;
  }
  output_.clear();
  const auto next = std::exchange(after_, after_reply::keep_going);
  if (next == after_reply::close) return close();
  if (next == after_reply::start_tls) return start_tls();
  read();
}

void session::start_tls() {
  // Whatever the client sent after STARTTLS in clear text is not part of the TLS stream.
  parser_ = request_parser{};
  tls_.emplace(std::move(socket_), *owner_.tls_context());
  tls_->async_handshake(
      asio::ssl::stream_base::server, [self = shared_from_this()](const error_code& ec) {
        if (self->closed_) return;
        if (ec) {
          spdlog::debug("fake upsd: {} TLS handshake: {}", self->conn_.address, ec.message());
          self->close();
          return;
        }
        self->conn_.tls = true;
        self->read();
      });
}

}  // namespace nutmqtt::fake_upsd
