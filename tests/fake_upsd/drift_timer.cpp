#include "fake_upsd/drift_timer.hpp"

namespace nutmqtt::fake_upsd {

drift_timer::drift_timer(boost::asio::io_context& io, std::chrono::milliseconds interval,
                         std::uint64_t seed, std::vector<ups_registry*> registries)
    : timer_(io), interval_(interval), seed_(seed), registries_(std::move(registries)) {}

void drift_timer::start() {
  next_ = std::chrono::steady_clock::now();
  schedule();
}

void drift_timer::stop() {
  stopped_ = true;
  timer_.cancel();
}

void drift_timer::schedule() {
  // A fixed cadence from the start, whatever each tick cost.
  next_ += interval_;
  timer_.expires_at(next_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (stopped_ || ec) return;
    tick();
    schedule();
  });
}

void drift_timer::tick() {
  for (std::size_t i = 0; i < registries_.size(); ++i) {
    for (const auto& ups : registries_[i]->all()) {
      auto key = std::make_pair(i, name_key(ups->name()));
      auto it = drifts_.find(key);
      if (it == drifts_.end()) {
        const auto seed = derive_seed(seed_, std::to_string(i) + "/" + key.second);
        it = drifts_.emplace(std::move(key), ups_drift(seed)).first;
      }
      it->second.step(*ups, interval_);
    }
  }
}

}  // namespace nutmqtt::fake_upsd
