#include "bridge/credential_check.hpp"

#include <memory>

#include <fmt/format.h>

#include "bridge/nut_replies.hpp"

namespace nutmqtt::bridge {

std::shared_ptr<nut_connection> check_credentials(
    boost::asio::io_context& io, const nut_endpoint& endpoint, std::chrono::milliseconds timeout,
    const std::string& username, const common::secret& password, const std::string& ups,
    std::function<void(const credential_verdict&)> done) {
  auto conn = nut_connection::create(io, endpoint, timeout);
  auto finish = std::make_shared<std::function<void(const credential_verdict&)>>(std::move(done));
  conn->connect([conn, finish, username, password, ups](const std::string& error) {
    if (!error.empty()) {
      (*finish)({credential_verdict::outcome::unknown, error});
      return;
    }
    nut_connection::batch b;
    auto ignore = [](const nut_result&) {};
    b.emplace_back(nut::username(username), ignore);
    b.emplace_back(nut::password(password.reveal()), ignore);
    b.emplace_back(nut::login(ups), [conn, finish](const nut_result& r) {
      credential_verdict v;
      if (!r.delivered) {
        v.detail = r.failure;
      } else if (nut::is_ok(r.reply)) {
        v.result = credential_verdict::outcome::accepted;
      } else if (r.reply.err && (r.reply.err->code == nut::error_code::access_denied ||
                                 r.reply.err->code == nut::error_code::invalid_password ||
                                 r.reply.err->code == nut::error_code::invalid_username)) {
        v.result = credential_verdict::outcome::refused;
        v.detail = r.reply.err->text();
      } else {
        v.detail = r.reply.err ? r.reply.err->text() : "an unexpected reply";
      }
      (*finish)(v);
      if (r.delivered) conn->log_out();
    });
    conn->send(std::move(b));
  });
  return conn;
}

std::string describe_refusal(const std::string& server, const std::string& username,
                             const credential_verdict& v) {
  return fmt::format(
      "upsd at {} refused the credentials of user `{}` ({} on LOGIN): check the password, and "
      "that upsd.users gives `{}` an `upsmon secondary` (or `upsmon primary`) line. Monitoring "
      "goes on, but `login: true` and commands from MQTT need working credentials",
      server, username, v.detail, username);
}

}  // namespace nutmqtt::bridge
