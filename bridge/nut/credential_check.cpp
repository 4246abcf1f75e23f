#include "bridge/nut/credential_check.hpp"

#include <memory>

#include <fmt/format.h>

#include "bridge/nut/nut_replies.hpp"

namespace nutmqtt::bridge {
namespace {

using outcome = credential_verdict::outcome;
using finish_fn = std::shared_ptr<std::function<void(const credential_verdict&)>>;

bool is_refusal(const nut::reply& r) {
  return r.err && (r.err->code == nut::error_code::access_denied ||
                   r.err->code == nut::error_code::invalid_password ||
                   r.err->code == nut::error_code::invalid_username);
}

// After a refused LOGIN: may the user SET? (VAR-NOT-SUPPORTED: yes, and the password is right.)
void probe_set(const std::shared_ptr<nut_connection>& conn, const finish_fn& finish,
               const std::string& ups, const std::string& login_error) {
  conn->send(nut::set_var(ups, kProbeVariable, "0"), [conn, finish,
                                                      login_error](const nut_result& r) {
    credential_verdict v{outcome::refused, login_error + " on LOGIN"};
    if (!r.delivered) {
      v.detail += ", and no answer to SET VAR: " + r.failure;
    } else if (r.reply.err && r.reply.err->code == nut::error_code::var_not_supported) {
      v.result = outcome::commands_only;
    } else {
      v.detail += fmt::format(", {} on SET VAR", r.reply.err ? r.reply.err->text()
                                                             : std::string("an unexpected reply"));
    }
    (*finish)(v);
    if (r.delivered) conn->log_out();
  });
}

}  // namespace

std::shared_ptr<nut_connection> check_credentials(
    boost::asio::io_context& io, const nut_endpoint& endpoint, std::chrono::milliseconds timeout,
    const std::string& username, const common::secret& password, const std::string& ups,
    std::function<void(const credential_verdict&)> done) {
  auto conn = nut_connection::create(io, endpoint, timeout);
  auto finish = std::make_shared<std::function<void(const credential_verdict&)>>(std::move(done));
  conn->connect([conn, finish, username, password, ups](const std::string& error) {
    if (!error.empty()) {
      (*finish)({outcome::unknown, error});
      return;
    }
    nut_connection::batch b;
    auto ignore = [](const nut_result&) {};
    b.emplace_back(nut::username(username), ignore);
    b.emplace_back(nut::password(password.reveal()), ignore);
    b.emplace_back(nut::login(ups), [conn, finish, ups](const nut_result& r) {
      if (r.delivered && is_refusal(r.reply))
        return probe_set(conn, finish, ups, r.reply.err->text());
      credential_verdict v;
      if (!r.delivered) {
        v.detail = r.failure;
      } else if (nut::is_ok(r.reply)) {
        v.result = outcome::accepted;
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

credential_report describe_verdict(const std::string& server, const std::string& username,
                                   const credential_verdict& v, bool login_needed) {
  switch (v.result) {
    case outcome::accepted:
      return {spdlog::level::debug,
              fmt::format("upsd at {} accepted the credentials of `{}`", server, username)};
    case outcome::commands_only:
      if (login_needed) {
        return {spdlog::level::warn,
                fmt::format("upsd at {}: user `{}` can run commands (upsd accepts its password "
                            "for SET) but cannot LOGIN, which `login: true` needs: "
                            "add an `upsmon secondary` line to [{}] in upsd.users and reload upsd "
                            "(`upsd -c reload`), or use a user that has one",
                            server, username, username)};
      }
      return {spdlog::level::info,
              fmt::format("upsd at {} accepted the password of `{}` for commands (it has "
                          "`actions = SET`; it cannot LOGIN, which only `login: true` needs)",
                          server, username)};
    case outcome::refused:
      if (login_needed) {
        // The LOGIN session says the same, with what `login: true` needs.
        return {spdlog::level::debug,
                fmt::format("upsd at {} refused user `{}`: {}", server, username, v.detail)};
      }
      return {spdlog::level::warn,
              fmt::format(
                  "upsd at {} refused user `{}` both LOGIN and SET ({}): the password may be "
                  "wrong, or upsd.users gives `{}` neither an `upsmon` line nor `actions = SET` "
                  "(a user with only `instcmds` cannot be checked without running a command). "
                  "Monitoring goes on; commands from MQTT need the right password and, in "
                  "upsd.users, `instcmds = <command>` for each instant command and `actions = "
                  "SET` for variables",
                  server, username, v.detail, username)};
    case outcome::unknown:
      break;
  }
  return {spdlog::level::debug,
          fmt::format("could not check the credentials on {}: {}", server, v.detail)};
}

}  // namespace nutmqtt::bridge
