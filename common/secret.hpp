#pragma once
// A password or key that must never reach logs, command lines or MQTT.

#include <string>

#include <fmt/format.h>

namespace nutmqtt::common {

class secret {
 public:
  secret() = default;
  explicit secret(std::string value) : value_(std::move(value)) {}

  // The only way to read the value: the name makes every use easy to audit.
  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

  // What every printout shows instead of the value.
  static constexpr const char* kMask = "********";

 private:
  std::string value_;
};

}  // namespace nutmqtt::common

// Formatting a secret by accident prints the mask, never the value.
template <>
struct fmt::formatter<nutmqtt::common::secret> : fmt::formatter<const char*> {
  template <typename Context>
  auto format(const nutmqtt::common::secret& s, Context& ctx) const {
    return fmt::formatter<const char*>::format(s.empty() ? "" : nutmqtt::common::secret::kMask,
                                               ctx);
  }
};
