#include "fake_upsd/ups_registry.hpp"

#include <algorithm>
#include <stdexcept>

namespace nutmqtt::fake_upsd {

ups_registry::ups_registry(std::vector<ups_model> ups) {
  for (auto& u : ups)
    add(std::move(u));
}

ups_model* ups_registry::find(std::string_view name) {
  auto it = by_key_.find(name_key(name));
  return it == by_key_.end() ? nullptr : it->second;
}

const ups_model* ups_registry::find(std::string_view name) const {
  auto it = by_key_.find(name_key(name));
  return it == by_key_.end() ? nullptr : it->second;
}

ups_model& ups_registry::add(ups_model ups) {
  auto key = name_key(ups.name());
  if (by_key_.count(key) > 0) {
    throw std::invalid_argument("a UPS called " + ups.name() + " is already served here");
  }
  ups_.push_back(std::make_unique<ups_model>(std::move(ups)));
  by_key_.emplace(std::move(key), ups_.back().get());
  return *ups_.back();
}

bool ups_registry::remove(std::string_view name) {
  auto it = by_key_.find(name_key(name));
  if (it == by_key_.end()) return false;
  const ups_model* target = it->second;
  by_key_.erase(it);
  std::erase_if(ups_, [&](const auto& u) { return u.get() == target; });
  return true;
}

}  // namespace nutmqtt::fake_upsd
