#pragma once
// The other bridges publishing under the same base topic, and the UPS ids each has, from their
// retained `_bridge/<id>/info` and `_bridge/<id>/availability`. With several bridges on one
// broker every bridge receives every command: only the bridge that has the UPS may answer it,
// and a command for a UPS no bridge has must still be answered (`unknown-ups`) - once, by the
// online bridge whose id comes first. Pure: the caller feeds it the retained messages.
//
// Two bridges may watch the same UPS (active-active): each says on
// `<base>/<ups>/availability/<bridge>` whether it can poll it, and the aggregate
// `<base>/<ups>/availability` is "online" while any online bridge can. `another_reaches` is the
// other bridges' part of that aggregate; a bridge that is offline (its last will) reaches nothing,
// whatever its own topics last said.
//
// Bounded whatever is published there: at most kMaxPeers bridges and kMaxIdsPerPeer ids each
// are kept (a bridge beyond them is not counted, which at worst makes this one answer a
// command another bridge answers too).

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace nutmqtt::bridge {

class peer_bridges {
 public:
  static constexpr std::size_t kMaxPeers = 64;
  static constexpr std::size_t kMaxIdsPerPeer = 10000;

  explicit peer_bridges(std::string self) : self_(std::move(self)) {}

  // A peer's info document ("" when it was cleared). Returns false when it could not be read
  // (the peer's ids are then forgotten).
  bool on_info(const std::string& bridge, std::string_view payload);
  void on_availability(const std::string& bridge, bool online);
  // A peer's `<base>/<ups>/availability/<bridge>`: whether it can poll `ups` (nullopt: cleared).
  void on_reach(const std::string& ups, const std::string& bridge, std::optional<bool> reaches);

  // Whether an online bridge other than this one can poll `ups` now.
  bool another_reaches(std::string_view ups) const;

  // Whether an online bridge other than this one lists `ups`.
  bool another_has(std::string_view ups) const;
  // Whether an online bridge whose id comes before this one's lists `ups`: of two bridges
  // that have the same UPS, that one runs its commands.
  bool earlier_has(std::string_view ups) const;
  // Whether this bridge is the one to say that no bridge has a UPS: the first online bridge
  // in id order, itself included.
  bool answers_for_unknown() const;

 private:
  struct peer {
    bool online = false;
    std::set<std::string, std::less<>> ups;
    std::map<std::string, bool, std::less<>> reach;  // by UPS id
  };
  peer* find_or_add(const std::string& bridge);

  std::string self_;
  std::map<std::string, peer, std::less<>> peers_;
};

}  // namespace nutmqtt::bridge
