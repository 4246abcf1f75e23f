#pragma once
// Helpers for tests that run the fake upsd in-process and talk to it over loopback.

#include <string>
#include <vector>

#include "fake_upsd/fake_upsd.hpp"
#include "protocol_fixture.hpp"
#include "support/net.hpp"

namespace nutmqtt::fake_upsd::testing {

// One server on a free port, serving the small known UPS "dummy".
inline server_options small_server() {
  server_options options;
  options.ups.push_back(small_ups());
  return options;
}

// Sends a request and reads its reply: one line, or a whole BEGIN LIST ... END LIST block
// (empty on timeout or EOF).
inline std::vector<std::string> read_reply(nutmqtt::test::line_client& client,
                                           const std::string& request) {
  client.send(request);
  std::vector<std::string> lines;
  for (int i = 0; i < 100'000; ++i) {
    auto line = client.read_line();
    if (!line) break;
    lines.push_back(*line);
    if (!lines.front().starts_with("BEGIN LIST") || line->starts_with("END LIST")) break;
  }
  return lines;
}

}  // namespace nutmqtt::fake_upsd::testing
