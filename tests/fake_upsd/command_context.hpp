#pragma once
// Shared by the files that implement the upsd commands (not part of the library's interface).

#include <span>
#include <string>
#include <string_view>

#include "fake_upsd/command_handler.hpp"
#include "fake_upsd/user_table.hpp"

namespace nutmqtt::fake_upsd::detail {

using args = std::span<const std::string>;

// One request being answered: the connection, the server and the reply being built.
struct command_context {
  connection_state& conn;
  server_state& state;
  reply& out;

  void line(std::string_view text);
  void error(std::string_view code);
  // The UPS called `name`, or nullptr after answering UNKNOWN-UPS.
  ups_model* find_ups(std::string_view name);
  // The UPS when its driver is there with fresh data; nullptr after answering UNKNOWN-UPS,
  // DRIVER-NOT-CONNECTED or DATA-STALE (upsd's ups_available()).
  ups_model* available_ups(std::string_view name);
  // Whether the connection's USERNAME/PASSWORD may do `what`.
  bool allowed(action what) const;
};

void handle_get(command_context& ctx, args a);
void handle_list(command_context& ctx, args a);
void handle_set(command_context& ctx, args a);
void handle_instcmd(command_context& ctx, args a);

// ups.status as upsd shows it: "FSD " in front once FSD was set.
std::string shown_value(const ups_model& ups, const variable& v);

}  // namespace nutmqtt::fake_upsd::detail
