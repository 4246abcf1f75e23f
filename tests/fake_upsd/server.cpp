#include "fake_upsd/server.hpp"

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "fake_upsd/session.hpp"

namespace nutmqtt::fake_upsd {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

// After an accept error such as "too many open files", wait a little instead of spinning.
constexpr std::chrono::milliseconds kAcceptRetry{100};

tcp::endpoint endpoint_of(const server_options& options) {
  error_code ec;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec) throw std::runtime_error("fake upsd: '" + options.address + "' is not an IP address");
  if (options.port < 0 || options.port > 65535) {
    throw std::runtime_error("fake upsd: port " + std::to_string(options.port) +
                             " is out of range");
  }
  return {address, static_cast<unsigned short>(options.port)};
}

std::unique_ptr<asio::ssl::context> make_tls_context(const tls_files& files) {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1);
  error_code ec;
  ctx->use_certificate_chain_file(files.certificate_chain.string(), ec);
  if (ec) {
    throw std::runtime_error("fake upsd: TLS certificate " + files.certificate_chain.string() +
                             ": " + ec.message());
  }
  ctx->use_private_key_file(files.private_key.string(), asio::ssl::context::pem, ec);
  if (ec) {
    throw std::runtime_error("fake upsd: TLS key " + files.private_key.string() + ": " +
                             ec.message() + " (is it the key of that certificate, in PEM?)");
  }
  return ctx;
}

}  // namespace

server::server(asio::io_context& io, server_options options, std::uint64_t seed)
    : acceptor_(io),
      retry_(io),
      mode_(options.mode),
      slow_delay_(options.slow_delay),
      idle_timeout_(options.idle_timeout),
      garbage_random_(seed),
      long_reply_(long_line()),
      huge_list_lines_(options.huge_list_lines),
      new_names_per_connection_(options.new_names_per_connection),
      new_names_linger_(options.new_names_linger) {
  const auto endpoint = endpoint_of(options);
  if (options.tls) tls_ = make_tls_context(*options.tls);
  state_.ups = ups_registry(std::move(options.ups));
  state_.users = std::move(options.users);
  state_.tls_configured = tls_ != nullptr;
  state_.stats = request_stats(options.request_log_limit);

  error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("fake upsd: cannot listen on " + options.address + ":" +
                             std::to_string(options.port) + ": " + ec.message());
  }
  port_ = acceptor_.local_endpoint().port();
  address_ = options.address;
}

server::~server() = default;

void server::start() {
  accept();
}

void server::stop() {
  stopped_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  retry_.cancel();
  disconnect_all();
}

void server::disconnect_all() {
  // Each close() calls forget(); closing from a copy keeps the iteration valid.
  auto sessions = std::move(sessions_);
  sessions_.clear();
  for (auto& [ptr, s] : sessions)
    s->close();
}

void server::forget(const session* s) {
  sessions_.erase(s);
}

const std::string& server::huge_reply(const std::string& ups) {
  auto it = huge_replies_.find(ups);
  if (it == huge_replies_.end()) {
    if (huge_replies_.size() >= 4) huge_replies_.clear();  // a few UPSes at most in a test
    it = huge_replies_.emplace(ups, huge_var_list(ups, huge_list_lines_)).first;
  }
  return it->second;
}

std::string server::ghost_listing() {
  const auto first = next_ghost_;
  next_ghost_ += new_names_per_connection_;
  return ghost_ups_list(first, new_names_per_connection_);
}

void server::accept() {
  acceptor_.async_accept(
      [this](const error_code& ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void server::on_accept(const error_code& ec, tcp::socket socket) {
  if (stopped_) return;
  if (ec) {
    spdlog::warn("fake upsd: accept on port {}: {}", port_, ec.message());
    retry_.expires_after(kAcceptRetry);
    retry_.async_wait([this](const error_code& wait_ec) {
      if (!stopped_ && !wait_ec) accept();
    });
    return;
  }
  state_.stats.connection_accepted();
  if (mode_ == misbehaviour::close_on_accept) {
    error_code ignored;
    socket.close(ignored);
  } else {
    auto s = std::make_shared<session>(std::move(socket), *this);
    sessions_.emplace(s.get(), s);
    s->start();
  }
  accept();
}

}  // namespace nutmqtt::fake_upsd
