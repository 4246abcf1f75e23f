#pragma once
// The upsd protocol as a function: one request's words in, the reply text out, with the effects
// on the server's state (SET VAR, INSTCMD, FSD, LOGIN ...) applied. Replies and errors follow
// NUT 2.8.0's upsd word for word, including the order in which it checks things. No I/O.

#include <optional>
#include <string>
#include <vector>

#include "common/secret.hpp"
#include "fake_upsd/server_state.hpp"

namespace nutmqtt::fake_upsd {

// What upsd knows about one client connection.
struct connection_state {
  std::string address;  // the client's IP, as LIST CLIENT shows it
  std::optional<std::string> username;
  std::optional<common::secret> password;
  std::optional<std::string> login_ups;  // the UPS it did LOGIN to
  bool tracking = false;                 // SET TRACKING ON
  bool tls = false;                      // STARTTLS done
};

enum class after_reply {
  keep_going,
  close,      // LOGOUT: close once the reply is out
  start_tls,  // STARTTLS accepted: TLS handshake once the reply is out
};

struct reply {
  std::string text;  // complete lines, each ending in '\n'
  after_reply next = after_reply::keep_going;
};

reply handle_request(const std::vector<std::string>& words, connection_state& conn,
                     server_state& state);

// Forgets what a closing connection held (its LOGIN counts no more).
void end_connection(connection_state& conn, server_state& state);

}  // namespace nutmqtt::fake_upsd
