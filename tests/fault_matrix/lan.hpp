#pragma once
// One cell's private network: a network namespace per host, all plugged into a switch (a Linux
// bridge in a namespace of its own) by veth pairs. Faults happen on the switch, where the hosts
// cannot see them coming: a partition between two hosts drops every frame between their ports
// (nftables, bridge family), silently, as a broken link would; unplugging a host takes its port
// down. Everything is torn down by the destructor, and namespaces a crashed run left behind
// are removed by the next one.

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace nutmqtt::fault_matrix {

// Why namespaces cannot be used here (not root, no `ip` or `nft`, the kernel refuses), or empty.
std::string lan_unavailable_reason();

class lan {
 public:
  // `dir` keeps the nftables script. Namespace names start with a prefix unique to this process.
  explicit lan(std::filesystem::path dir);
  ~lan();
  lan(const lan&) = delete;
  lan& operator=(const lan&) = delete;

  // A host with `address` (/24) on eth0, plugged into the switch.
  void add_host(const std::string& name, const std::string& address);
  const std::string& netns(const std::string& host) const;
  // argv run inside the host's namespace (`ip netns exec`, which execs: the pid stays the
  // program's own).
  std::vector<std::string> in(const std::string& host, std::vector<std::string> argv) const;

  // Drops everything between the two hosts' ports, both ways; heal() undoes it.
  void partition(const std::string& a, const std::string& b);
  void heal(const std::string& a, const std::string& b);
  // The host's port on the switch goes down (its cable pulled, the host powered off).
  void unplug(const std::string& host);
  void plug(const std::string& host);

 private:
  void apply_partitions();
  void must(const std::vector<std::string>& argv) const;
  std::string port(const std::string& host) const { return "p-" + host; }

  std::filesystem::path dir_;
  std::string prefix_;
  std::string switch_ns_;
  std::map<std::string, std::string> hosts_;  // host -> namespace
  std::set<std::pair<std::string, std::string>> partitions_;
};

}  // namespace nutmqtt::fault_matrix
