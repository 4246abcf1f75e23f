// STARTTLS: refused without a certificate, and a real TLS session on the same socket with one
// (a self-signed certificate made for the test, checked by the client).

#include <doctest/doctest.h>

#include "fake_fixture.hpp"
#include "fake_upsd/asio.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certificate.hpp"

using namespace nutmqtt::fake_upsd;
using nutmqtt::test::line_client;
using nutmqtt::test::temp_dir;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

// The shared test certificate, as the fake's TLS settings want it.
tls_files fake_certificate(const temp_dir& dir) {
  auto files = nutmqtt::test::make_certificate(dir);
  return tls_files{files.certificate, files.private_key};
}

// A client that speaks lines in clear, then over TLS after STARTTLS; every step is bounded.
class tls_line_client {
 public:
  tls_line_client(int port, const std::filesystem::path& trusted) {
    ctx_.load_verify_file(trusted.string());
    stream_.set_verify_mode(asio::ssl::verify_peer);
    stream_.set_verify_callback(asio::ssl::host_name_verification("localhost"));
    boost::system::error_code ec;
    stream_.next_layer().connect(
        {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)}, ec);
    REQUIRE_FALSE(ec);
  }

  std::optional<std::string> request(const std::string& line) {
    std::optional<std::string> reply;
    auto on_read = [&](const boost::system::error_code& ec, std::size_t n) {
      if (ec) return;
      reply = buffer_.substr(0, n - 1);
      buffer_.erase(0, n);
    };
    auto on_written = [&](const boost::system::error_code& ec, std::size_t) {
      if (ec) return;
      if (tls_) {
        asio::async_read_until(stream_, asio::dynamic_buffer(buffer_), '\n', on_read);
      } else {
        asio::async_read_until(stream_.next_layer(), asio::dynamic_buffer(buffer_), '\n', on_read);
      }
    };
    out_ = line + "\n";
    if (tls_) {
      asio::async_write(stream_, asio::buffer(out_), on_written);
    } else {
      asio::async_write(stream_.next_layer(), asio::buffer(out_), on_written);
    }
    run();
    return reply;
  }

  // The TLS handshake; the error it ended with (none when the server's certificate is good).
  boost::system::error_code handshake() {
    boost::system::error_code result = asio::error::timed_out;
    stream_.async_handshake(asio::ssl::stream_base::client,
                            [&](const boost::system::error_code& ec) { result = ec; });
    run();
    tls_ = !result;
    return result;
  }

 private:
  void run() {
    io_.restart();
    io_.run_for(10s);
  }

  asio::io_context io_;
  asio::ssl::context ctx_{asio::ssl::context::tls_client};
  asio::ssl::stream<asio::ip::tcp::socket> stream_{io_, ctx_};
  std::string buffer_;
  std::string out_;
  bool tls_ = false;
};

}  // namespace

TEST_CASE("STARTTLS is refused without a certificate, and the session goes on in clear") {
  fake_upsd fake(testing::small_server());
  line_client c(fake.port());
  CHECK(c.request("STARTTLS") == "ERR FEATURE-NOT-CONFIGURED");
  CHECK(c.request("GET VAR dummy ups.status") == "VAR dummy ups.status \"OL\"");
}

TEST_CASE("STARTTLS with a certificate switches the same socket to TLS") {
  temp_dir dir;
  auto options = testing::small_server();
  options.tls = fake_certificate(dir);
  const auto trusted = options.tls->certificate_chain;
  fake_upsd fake(std::move(options));

  tls_line_client c(fake.port(), trusted);
  CHECK(c.request("GET VAR dummy ups.status") == "VAR dummy ups.status \"OL\"");
  CHECK(c.request("STARTTLS") == "OK STARTTLS");
  REQUIRE_FALSE(c.handshake());
  CHECK(c.request("VER") == "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/");
  CHECK(c.request("GET VAR dummy ups.status") == "VAR dummy ups.status \"OL\"");
  CHECK(c.request("STARTTLS") == "ERR ALREADY-SSL-MODE");
  CHECK(fake.server().requests("GET VAR") == 2);
}

TEST_CASE("upsc, which tries STARTTLS first, talks TLS to the fake") {
  temp_dir dir;
  auto options = testing::small_server();
  options.tls = fake_certificate(dir);
  fake_upsd fake(std::move(options));
  auto result = nutmqtt::test::run(
      {"upsc", "dummy@127.0.0.1:" + std::to_string(fake.port()), "ups.status"}, 20s);
  CAPTURE(result.output);
  CHECK(result.status == 0);
  CHECK(result.output.find("SSL handshake done successfully") != std::string::npos);
  CHECK(("\n" + result.output + "\n").find("\nOL\n") != std::string::npos);
  CHECK(fake.server().requests("STARTTLS") == 1);
  CHECK(fake.server().requests("GET VAR") == 1);
}

TEST_CASE("a client that does not trust the certificate fails the handshake") {
  temp_dir dir;
  temp_dir other;
  auto options = testing::small_server();
  options.tls = fake_certificate(dir);
  const auto stranger = fake_certificate(other).certificate_chain;
  fake_upsd fake(std::move(options));
  tls_line_client c(fake.port(), stranger);
  CHECK(c.request("STARTTLS") == "OK STARTTLS");
  CHECK(c.handshake());
  // The fake drops the connection whose handshake failed and goes on serving others.
  line_client plain(fake.port());
  CHECK(plain.request("NETVER") == "1.3");
}

TEST_CASE("unusable TLS files are reported when the fake starts") {
  temp_dir dir;
  auto options = testing::small_server();
  options.tls = tls_files{dir / "missing.pem", dir / "missing-key.pem"};
  CHECK_THROWS_WITH_AS(fake_upsd{std::move(options)}, doctest::Contains("missing.pem"),
                       std::runtime_error);
}
