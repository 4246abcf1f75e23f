#include "fake_upsd/server_state.hpp"

#include <fmt/format.h>

namespace nutmqtt::fake_upsd {

void login_registry::add(const std::string& ups, std::string address) {
  logins_.emplace(name_key(ups), std::move(address));
}

void login_registry::remove(const std::string& ups, const std::string& address) {
  auto it = logins_.find({name_key(ups), address});
  if (it != logins_.end()) logins_.erase(it);
}

int login_registry::count(std::string_view ups) const {
  const auto key = name_key(ups);
  int n = 0;
  for (auto it = logins_.lower_bound({key, ""}); it != logins_.end() && it->first == key; ++it)
    ++n;
  return n;
}

std::vector<std::string> login_registry::addresses(std::string_view ups) const {
  const auto key = name_key(ups);
  std::vector<std::string> out;
  for (auto it = logins_.lower_bound({key, ""}); it != logins_.end() && it->first == key; ++it)
    out.push_back(it->second);
  return out;
}

std::string server_state::new_tracking_id() {
  ++tracking_counter_;
  auto id = fmt::format("{:08X}-0000-4000-8000-{:012X}", tracking_counter_ >> 48,
                        tracking_counter_ & 0xFFFFFFFFFFFFULL);
  tracking_ids_.insert(id);
  return id;
}

bool server_state::known_tracking_id(std::string_view id) const {
  return tracking_ids_.count(id) > 0;
}

}  // namespace nutmqtt::fake_upsd
