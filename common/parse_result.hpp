#pragma once

#include <optional>
#include <string>
#include <utility>

namespace nutmqtt::common {

// A value read from untrusted input, or the reason it was refused.
template <typename T>
struct parse_result {
  std::optional<T> value;
  std::string error;

  static parse_result ok(T v) { return {std::move(v), {}}; }
  static parse_result fail(std::string why) { return {std::nullopt, std::move(why)}; }
  explicit operator bool() const { return value.has_value(); }
  const T& operator*() const { return *value; }
  const T* operator->() const { return &*value; }
};

}  // namespace nutmqtt::common
