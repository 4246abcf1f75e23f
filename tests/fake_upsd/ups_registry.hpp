#pragma once
// The UPSes one server serves, in the order they were added (LIST UPS order), found by name
// without regard to case.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fake_upsd/ups_model.hpp"

namespace nutmqtt::fake_upsd {

class ups_registry {
 public:
  ups_registry() = default;
  // Throws std::invalid_argument when two names differ only in case.
  explicit ups_registry(std::vector<ups_model> ups);

  ups_model* find(std::string_view name);
  const ups_model* find(std::string_view name) const;
  // Throws std::invalid_argument when the name is taken.
  ups_model& add(ups_model ups);
  bool remove(std::string_view name);

  const std::vector<std::unique_ptr<ups_model>>& all() const { return ups_; }
  std::size_t size() const { return ups_.size(); }

 private:
  // unique_ptr keeps every model where it is while others come and go.
  std::vector<std::unique_ptr<ups_model>> ups_;
  std::unordered_map<std::string, ups_model*> by_key_;
};

}  // namespace nutmqtt::fake_upsd
