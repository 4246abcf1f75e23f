#pragma once
// For tests that drive bridge components on their own io_context against a fake upsd.

#include <chrono>
#include <cstdint>
#include <utility>

#include "bridge/nut/nut_connection.hpp"
#include "fake_upsd/asio.hpp"
#include "fake_upsd/fake_upsd.hpp"
#include "fake_upsd/realistic_ups.hpp"
#include "support/run_until.hpp"

namespace nutmqtt::test {

// A fake upsd with one realistic UPS named `ups`; monuser/secret may log in.
inline fake_upsd::fake_upsd serve_one_ups() {
  fake_upsd::server_options o;
  o.ups.push_back(fake_upsd::realistic_ups("ups", 7));
  return fake_upsd::fake_upsd(std::move(o));
}

inline bridge::nut_endpoint endpoint_of(const fake_upsd::fake_upsd& server) {
  bridge::nut_endpoint e;
  e.host = "127.0.0.1";
  e.port = static_cast<std::uint16_t>(server.port());
  e.tls = bridge::tls_mode::off;
  return e;
}

}  // namespace nutmqtt::test
