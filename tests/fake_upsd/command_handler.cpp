#include "fake_upsd/command_handler.hpp"

#include <array>

#include "fake_upsd/command_context.hpp"
#include "fake_upsd/reply_format.hpp"

namespace nutmqtt::fake_upsd {
namespace detail {

void command_context::line(std::string_view text) {
  append_line(out.text, text);
}

void command_context::error(std::string_view code) {
  append_error(out.text, code);
}

ups_model* command_context::find_ups(std::string_view name) {
  ups_model* ups = state.ups.find(name);
  if (ups == nullptr) error("UNKNOWN-UPS");
  return ups;
}

ups_model* command_context::available_ups(std::string_view name) {
  ups_model* ups = find_ups(name);
  if (ups == nullptr) return nullptr;
  if (!ups->driver_connected) {
    error("DRIVER-NOT-CONNECTED");
    return nullptr;
  }
  if (ups->stale) {
    error("DATA-STALE");
    return nullptr;
  }
  return ups;
}

bool command_context::allowed(action what) const {
  if (!conn.username || !conn.password) return false;
  return state.users.allows(*conn.username, conn.password->reveal(), what);
}

std::string shown_value(const ups_model& ups, const variable& v) {
  if (ups.fsd && same_name(v.name, "ups.status")) return "FSD " + v.value;
  return v.value;
}

namespace {

constexpr std::string_view kVersion =
    "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/";
constexpr std::string_view kHelp =
    "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS";

void fixed_answer(command_context& ctx, args a, std::string_view answer) {
  if (!a.empty()) return ctx.error("INVALID-ARGUMENT");
  ctx.line(answer);
}

void handle_starttls(command_context& ctx, args) {
  if (ctx.conn.tls) return ctx.error("ALREADY-SSL-MODE");
  if (!ctx.state.tls_configured) return ctx.error("FEATURE-NOT-CONFIGURED");
  ctx.line("OK STARTTLS");
  ctx.out.next = after_reply::start_tls;
}

void handle_username(command_context& ctx, args a) {
  if (a.size() != 1) return ctx.error("INVALID-ARGUMENT");
  if (ctx.conn.username) return ctx.error("ALREADY-SET-USERNAME");
  ctx.conn.username = a[0];
  ctx.line("OK");
}

void handle_password(command_context& ctx, args a) {
  if (a.size() != 1) return ctx.error("INVALID-ARGUMENT");
  if (ctx.conn.password) return ctx.error("ALREADY-SET-PASSWORD");
  ctx.conn.password = common::secret(a[0]);
  ctx.line("OK");
}

void handle_login(command_context& ctx, args a) {
  if (a.size() != 1) return ctx.error("INVALID-ARGUMENT");
  if (ctx.conn.login_ups) return ctx.error("ALREADY-LOGGED-IN");
  ups_model* ups = ctx.find_ups(a[0]);
  if (ups == nullptr) return;
  if (!ctx.allowed(action::login)) return ctx.error("ACCESS-DENIED");
  ctx.conn.login_ups = ups->name();
  ctx.state.logins.add(ups->name(), ctx.conn.address);
  ctx.line("OK");
}

void handle_logout(command_context& ctx, args a) {
  if (!a.empty()) return ctx.error("INVALID-ARGUMENT");
  ctx.line("OK Goodbye");
  ctx.out.next = after_reply::close;
}

void grant_primary(command_context& ctx, args a, std::string_view granted) {
  if (a.size() != 1) return ctx.error("INVALID-ARGUMENT");
  if (ctx.find_ups(a[0]) == nullptr) return;
  if (!ctx.allowed(action::primary)) return ctx.error("ACCESS-DENIED");
  ctx.line(granted);
}

void handle_fsd(command_context& ctx, args a) {
  if (a.size() != 1) return ctx.error("INVALID-ARGUMENT");
  ups_model* ups = ctx.find_ups(a[0]);
  if (ups == nullptr) return;
  if (!ctx.allowed(action::fsd)) return ctx.error("ACCESS-DENIED");
  ups->fsd = true;
  ctx.line("OK FSD-SET");
}

struct command {
  std::string_view name;
  bool needs_user;  // upsd's FLAG_USER: USERNAME and PASSWORD must have been sent
  void (*run)(command_context&, args);
};

const std::array<command, 16> kCommands = {{
    {"VER", false, [](command_context& c, args a) { fixed_answer(c, a, kVersion); }},
    {"NETVER", false, [](command_context& c, args a) { fixed_answer(c, a, "1.3"); }},
    {"PROTVER", false, [](command_context& c, args a) { fixed_answer(c, a, "1.3"); }},
    {"HELP", false, [](command_context& c, args a) { fixed_answer(c, a, kHelp); }},
    {"STARTTLS", false, handle_starttls},
    {"GET", false, handle_get},
    {"LIST", false, handle_list},
    {"USERNAME", false, handle_username},
    {"PASSWORD", false, handle_password},
    {"LOGIN", true, handle_login},
    {"LOGOUT", false, handle_logout},
    {"PRIMARY", true,
     [](command_context& c, args a) { grant_primary(c, a, "OK PRIMARY-GRANTED"); }},
    {"MASTER", true, [](command_context& c, args a) { grant_primary(c, a, "OK MASTER-GRANTED"); }},
    {"FSD", true, handle_fsd},
    {"SET", true, handle_set},
    {"INSTCMD", true, handle_instcmd},
}};

}  // namespace
}  // namespace detail

reply handle_request(const std::vector<std::string>& words, connection_state& conn,
                     server_state& state) {
  reply out;
  detail::command_context ctx{conn, state, out};
  if (words.empty()) {
    ctx.error("UNKNOWN-COMMAND");
    return out;
  }
  for (const auto& c : detail::kCommands) {
    if (!same_name(c.name, words[0])) continue;
    if (c.needs_user && !conn.username) {
      ctx.error("USERNAME-REQUIRED");
    } else if (c.needs_user && !conn.password) {
      ctx.error("PASSWORD-REQUIRED");
    } else {
      c.run(ctx, detail::args(words).subspan(1));
    }
    return out;
  }
  ctx.error("UNKNOWN-COMMAND");
  return out;
}

void end_connection(connection_state& conn, server_state& state) {
  if (conn.login_ups) state.logins.remove(*conn.login_ups, conn.address);
  conn.login_ups.reset();
}

}  // namespace nutmqtt::fake_upsd
