#pragma once
// The inside of fake_upsd, shared by fake_upsd.cpp and server_handle.cpp.

#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <spdlog/spdlog.h>

#include "fake_upsd/asio.hpp"
#include "fake_upsd/drift_timer.hpp"
#include "fake_upsd/fake_upsd.hpp"
#include "fake_upsd/server.hpp"

namespace nutmqtt::fake_upsd {

namespace asio = boost::asio;

// Inside fake_upsd, "server" names the member function; this names the class.
using listening_server = server;

struct fake_upsd::impl {
  asio::io_context io{1};
  std::vector<std::unique_ptr<listening_server>> servers;
  std::unique_ptr<drift_timer> drift;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::thread thread;

  void run() {
    // A handler that throws must not take the whole fake down with it.
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("fake upsd: {}", e.what());
      }
    }
  }

  // Runs `f` on the io thread and waits for it; exceptions reach the caller.
  template <typename F>
  std::invoke_result_t<F&> call(F f) {
    using result = std::invoke_result_t<F&>;
    if (!thread.joinable() || io.get_executor().running_in_this_thread()) return f();
    std::packaged_task<result()> task(std::move(f));
    auto done = task.get_future();
    asio::post(io, [&task] { task(); });
    return done.get();
  }

  listening_server& at(std::size_t index) const {
    if (index >= servers.size()) {
      throw std::out_of_range("fake upsd has " + std::to_string(servers.size()) +
                              " servers, no server " + std::to_string(index));
    }
    return *servers[index];
  }
};

}  // namespace nutmqtt::fake_upsd
