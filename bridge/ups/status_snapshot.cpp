#include "bridge/ups/status_snapshot.hpp"

#include <algorithm>

#include "common/ups_status.hpp"

namespace nutmqtt::bridge {

bool status_snapshot::has(std::string_view token) const {
  return common::has_token(tokens, token);
}

bool status_snapshot::eco() const {
  return has("ECO") || has("HE");
}

bool status_snapshot::only_wait() const {
  return common::only_wait(tokens);
}

bool status_snapshot::unknown_differs(const status_snapshot& other) const {
  auto mine = unknown;
  auto theirs = other.unknown;
  std::sort(mine.begin(), mine.end());
  std::sort(theirs.begin(), theirs.end());
  return mine != theirs;
}

status_snapshot read_status(std::string_view raw) {
  std::string spaced(raw);
  for (char& c : spaced) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = ' ';
  }
  status_snapshot s;
  s.raw = std::string(raw);
  s.tokens = common::split_status(spaced);
  for (const auto& token : s.tokens) {
    if (!common::is_known_token(token)) s.unknown.push_back(token);
  }
  return s;
}

}  // namespace nutmqtt::bridge
