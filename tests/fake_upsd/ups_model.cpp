#include "fake_upsd/ups_model.hpp"

#include <stdexcept>

namespace nutmqtt::fake_upsd {

std::string name_key(std::string_view name) {
  std::string key(name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

void check_name(std::string_view what, std::string_view name) {
  if (name.empty()) throw std::invalid_argument(std::string(what) + " name is empty");
  if (name.size() > kMaxValueLength) {
    throw std::invalid_argument(std::string(what) + " name '" + std::string(name.substr(0, 40)) +
                                "...' is longer than " + std::to_string(kMaxValueLength));
  }
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f || c == '"' || c == '\\' || c == '#' || c == '=') {
      throw std::invalid_argument(std::string(what) + " name '" + std::string(name) +
                                  "' holds a space, a control character or one of \" \\ # =");
    }
  }
}

ups_model::ups_model(std::string name, std::string description)
    : name_(std::move(name)), description_(std::move(description)) {
  check_name("UPS", name_);
}

void ups_model::rename(std::string name) {
  check_name("UPS", name);
  name_ = std::move(name);
}

const variable* ups_model::find(std::string_view name) const {
  auto it = variables_.find(name_key(name));
  return it == variables_.end() ? nullptr : &it->second;
}

variable* ups_model::find(std::string_view name) {
  auto it = variables_.find(name_key(name));
  return it == variables_.end() ? nullptr : &it->second;
}

variable& ups_model::set(std::string_view name, std::string value) {
  if (value.size() > kMaxValueLength) {
    throw std::invalid_argument("value for " + std::string(name) + " on UPS " + name_ +
                                " is longer than " + std::to_string(kMaxValueLength));
  }
  if (variable* existing = find(name)) {
    existing->value = std::move(value);
    return *existing;
  }
  variable v;
  v.name = std::string(name);
  v.value = std::move(value);
  return define(std::move(v));
}

variable& ups_model::define(variable v) {
  check_name("variable", v.name);
  if (v.value.size() > kMaxValueLength) {
    throw std::invalid_argument("value for " + v.name + " on UPS " + name_ + " is longer than " +
                                std::to_string(kMaxValueLength));
  }
  auto key = name_key(v.name);
  return variables_.insert_or_assign(std::move(key), std::move(v)).first->second;
}

bool ups_model::remove(std::string_view name) {
  return variables_.erase(name_key(name)) > 0;
}

void ups_model::add_command(std::string_view name) {
  check_name("command", name);
  commands_.emplace(name_key(name), std::string(name));
}

bool ups_model::has_command(std::string_view name) const {
  return commands_.count(name_key(name)) > 0;
}

}  // namespace nutmqtt::fake_upsd
