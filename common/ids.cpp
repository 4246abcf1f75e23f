#include "common/ids.hpp"

#include <array>
#include <random>
#include <unistd.h>

#include <fmt/format.h>

namespace nutmqtt::common {

std::optional<std::string> id_problem(std::string_view id) {
  if (id.empty()) return "must not be empty";
  if (id.size() > kMaxIdLength) {
    return "is " + std::to_string(id.size()) + " characters long; at most " +
           std::to_string(kMaxIdLength) + " are allowed";
  }
  if (id.front() == '_') return "must not start with '_' (reserved for nutmqtt's own topics)";
  for (char c : id) {
    if (c == '/' || c == '+' || c == '#') {
      return std::string("must not contain '") + c + "' (MQTT topic separator or wildcard)";
    }
    if (c <= ' ' || c > '~') return "may contain only printable ASCII characters, no spaces";
  }
  return std::nullopt;
}

std::string sanitize_id(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (out.size() == kMaxIdLength) break;
    bool keep = c > ' ' && c <= '~' && c != '/' && c != '+' && c != '#';
    if (keep) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.front() == '_')
    out.erase(out.begin());
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out;
}

std::string host_id() {
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) == 0) {
    std::string_view name(buf.data());
    // A fully qualified name would make long topics; the first label is what users see.
    name = name.substr(0, name.find('.'));
    auto id = sanitize_id(name);
    if (!id.empty()) return id;
  }
  return "host";
}

std::string new_run_id() {
  std::random_device rd;
  return fmt::format("{:08x}{:08x}", rd(), rd());
}

}  // namespace nutmqtt::common
