#include "fake_upsd/fake_upsd.hpp"

#include <stdexcept>

#include "fake_upsd/asio.hpp"
#include "fake_upsd/fake_upsd_impl.hpp"

namespace nutmqtt::fake_upsd {

fake_upsd::fake_upsd(server_options server) : fake_upsd(fake_upsd_options{{std::move(server)}}) {}

fake_upsd::fake_upsd(fake_upsd_options options) : impl_(std::make_unique<impl>()) {
  std::vector<ups_registry*> registries;
  for (std::size_t i = 0; i < options.servers.size(); ++i) {
    impl_->servers.push_back(std::make_unique<listening_server>(
        impl_->io, std::move(options.servers[i]),
        derive_seed(options.seed, "server/" + std::to_string(i))));
    registries.push_back(&impl_->servers.back()->state().ups);
  }
  for (auto& s : impl_->servers)
    s->start();
  if (options.drift_interval.count() > 0) {
    impl_->drift = std::make_unique<drift_timer>(impl_->io, options.drift_interval, options.seed,
                                                 std::move(registries));
    impl_->drift->start();
  }
  impl_->work.emplace(asio::make_work_guard(impl_->io));
  impl_->thread = std::thread([this] { impl_->run(); });
}

fake_upsd::~fake_upsd() {
  stop();
}

void fake_upsd::stop() {
  if (!impl_->thread.joinable()) return;
  asio::post(impl_->io, [this] {
    for (auto& s : impl_->servers)
      s->stop();
    if (impl_->drift) impl_->drift->stop();
  });
  // With every socket closed and the timers cancelled, run() returns once the handlers have
  // seen it, leaving nothing behind that could touch a destroyed server.
  impl_->work.reset();
  impl_->thread.join();
}

std::size_t fake_upsd::server_count() const {
  return impl_->servers.size();
}

server_handle fake_upsd::server(std::size_t index) {
  impl_->at(index);
  return server_handle(*this, index);
}

int fake_upsd::port(std::size_t index) const {
  return impl_->at(index).port();
}

}  // namespace nutmqtt::fake_upsd
