#pragma once
// One `ups.status` value as the event detector compares it: the raw text, its tokens, and
// the tokens NUT does not define.

#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::bridge {

struct status_snapshot {
  std::string raw;                   // exactly as upsd sent it
  std::vector<std::string> tokens;   // in order, duplicates removed
  std::vector<std::string> unknown;  // the tokens `common::is_known_token` rejects, in order

  bool has(std::string_view token) const;
  // Eco mode: NUT drivers say `ECO`, older ones `HE` (high efficiency).
  bool eco() const;
  // `WAIT` alone: upsd is waiting for its driver, so the value says nothing about the UPS.
  bool only_wait() const;
  // True when the set of unknown tokens differs (order does not matter).
  bool unknown_differs(const status_snapshot& other) const;
};

// Control characters separate tokens like spaces do: upsd never sends them, and a stray CR
// from a careless line reader must not turn "OL" into an unknown token.
status_snapshot read_status(std::string_view raw);

}  // namespace nutmqtt::bridge
