// server_handle: every call runs on the fake's thread (impl::call) and returns its result.

#include "fake_upsd/fake_upsd_impl.hpp"

namespace nutmqtt::fake_upsd {
namespace {

ups_model& require(listening_server& s, const std::string& name) {
  ups_model* ups = s.state().ups.find(name);
  if (ups == nullptr) {
    throw std::invalid_argument("the fake upsd at " + s.address() + ":" + std::to_string(s.port()) +
                                " has no UPS called " + name);
  }
  return *ups;
}

}  // namespace

int server_handle::port() const {
  return owner_->impl_->at(index_).port();
}

std::string server_handle::address() const {
  const auto& s = owner_->impl_->at(index_);
  return s.address() + ":" + std::to_string(s.port());
}

void server_handle::set_mode(misbehaviour mode) {
  auto& s = owner_->impl_->at(index_);
  owner_->impl_->call([&] { s.set_mode(mode); });
}

misbehaviour server_handle::mode() const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return s.mode(); });
}

void server_handle::set_slow_delay(std::chrono::milliseconds delay) {
  auto& s = owner_->impl_->at(index_);
  owner_->impl_->call([&] { s.set_slow_delay(delay); });
}

void server_handle::set_idle_timeout(std::chrono::milliseconds timeout) {
  auto& s = owner_->impl_->at(index_);
  owner_->impl_->call([&] { s.set_idle_timeout(timeout); });
}

void server_handle::add_ups(ups_model ups) {
  auto& s = owner_->impl_->at(index_);
  owner_->impl_->call([&] { s.state().ups.add(std::move(ups)); });
}

bool server_handle::remove_ups(const std::string& ups) {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return s.state().ups.remove(ups); });
}

void server_handle::set_var(const std::string& ups, const std::string& var,
                            const std::string& value) {
  auto& s = owner_->impl_->at(index_);
  owner_->impl_->call([&] { require(s, ups).set(var, value); });
}

bool server_handle::remove_var(const std::string& ups, const std::string& var) {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return require(s, ups).remove(var); });
}

std::optional<std::string> server_handle::var(const std::string& ups,
                                              const std::string& var) const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&]() -> std::optional<std::string> {
    const variable* v = require(s, ups).find(var);
    if (v == nullptr) return std::nullopt;
    return v->value;
  });
}

void server_handle::set_stale(const std::string& ups, bool stale) {
  auto& s = owner_->impl_->at(index_);
  owner_->impl_->call([&] { require(s, ups).stale = stale; });
}

void server_handle::set_driver_connected(const std::string& ups, bool connected) {
  auto& s = owner_->impl_->at(index_);
  owner_->impl_->call([&] { require(s, ups).driver_connected = connected; });
}

void server_handle::set_fsd(const std::string& ups, bool fsd) {
  auto& s = owner_->impl_->at(index_);
  owner_->impl_->call([&] { require(s, ups).fsd = fsd; });
}

bool server_handle::fsd(const std::string& ups) const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return require(s, ups).fsd; });
}

int server_handle::numlogins(const std::string& ups) const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return s.state().logins.count(require(s, ups).name()); });
}

std::uint64_t server_handle::connections_accepted() const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return s.state().stats.connections(); });
}

std::size_t server_handle::open_connections() const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return s.open_connections(); });
}

std::uint64_t server_handle::requests(std::string_view kind) const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return s.state().stats.count(kind); });
}

std::uint64_t server_handle::requests_total() const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return s.state().stats.total(); });
}

std::map<std::string, std::uint64_t, std::less<>> server_handle::request_counts() const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return s.state().stats.counts(); });
}

std::vector<std::string> server_handle::request_log() const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return s.state().stats.log(); });
}

std::vector<instcmd_record> server_handle::instcmds() const {
  auto& s = owner_->impl_->at(index_);
  return owner_->impl_->call([&] { return s.state().instcmds; });
}

void server_handle::reset_stats() {
  auto& s = owner_->impl_->at(index_);
  owner_->impl_->call([&] { s.state().stats.reset(); });
}

void server_handle::disconnect_all() {
  auto& s = owner_->impl_->at(index_);
  owner_->impl_->call([&] { s.disconnect_all(); });
}

}  // namespace nutmqtt::fake_upsd
