#pragma once
// Runs an io_context in short slices until a condition holds, for tests of components that
// live on one: Paho's callbacks arrive from its own threads, so an io_context out of work is
// waited on, not left.

#include <chrono>
#include <thread>

#include <boost/asio/io_context.hpp>

namespace nutmqtt::test {

// True once `done()` holds; false if it still does not after `limit`.
template <typename Predicate>
bool run_until(boost::asio::io_context& io, Predicate done, std::chrono::milliseconds limit) {
  using namespace std::chrono_literals;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    io.restart();
    if (io.run_for(20ms) == 0) std::this_thread::sleep_for(5ms);
  }
  return done();
}

}  // namespace nutmqtt::test
