#include "fault_matrix/topology.hpp"

#include <set>
#include <stdexcept>

namespace nutmqtt::fault_matrix {
namespace {

template <typename Spec>
bool runs(const host_spec& h) {
  for (const auto& s : h.services)
    if (std::holds_alternative<Spec>(s)) return true;
  return false;
}

template <typename Spec>
void check_peers(const topology& t, const std::string& who, const std::string& what,
                 const std::vector<std::string>& hosts, std::vector<std::string>& out) {
  if (hosts.empty()) out.push_back(who + " names no " + what);
  for (const auto& name : hosts) {
    const host_spec* found = nullptr;
    for (const auto& h : t.hosts)
      if (h.name == name) found = &h;
    if (found == nullptr) {
      out.push_back(who + " names the host \"" + name + "\" as its " + what + ", but no such host");
    } else if (!runs<Spec>(*found)) {
      out.push_back(who + " names the host \"" + name + "\" as its " + what + ", but it runs none");
    }
  }
}

}  // namespace

std::string service_name(const service_spec& s) {
  return std::visit(
      [](const auto& spec) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(spec)>, agent_spec>) {
          return spec.id;
        } else {
          return spec.name;
        }
      },
      s);
}

host_spec& topology::host(const std::string& name) {
  for (auto& h : hosts)
    if (h.name == name) return h;
  throw std::invalid_argument("the topology has no host \"" + name + "\"");
}

const host_spec& topology::host(const std::string& name) const {
  return const_cast<topology*>(this)->host(name);
}

const std::string& topology::address_of(const std::string& host_name) const {
  return host(host_name).address;
}

const host_spec& topology::host_of(const std::string& service_name_) const {
  for (const auto& h : hosts)
    for (const auto& s : h.services)
      if (service_name(s) == service_name_) return h;
  throw std::invalid_argument("the topology has no service \"" + service_name_ + "\"");
}

service_spec& topology::service(const std::string& name) {
  for (auto& h : hosts)
    for (auto& s : h.services)
      if (service_name(s) == name) return s;
  throw std::invalid_argument("the topology has no service \"" + name + "\"");
}

const service_spec& topology::service(const std::string& name) const {
  return const_cast<topology*>(this)->service(name);
}

std::vector<std::string> topology::problems() const {
  std::vector<std::string> out;
  std::set<std::string> host_names, addresses, service_names;
  for (const auto& h : hosts) {
    if (!host_names.insert(h.name).second) out.push_back("two hosts are called " + h.name);
    if (!addresses.insert(h.address).second) out.push_back("two hosts have " + h.address);
    for (const auto& s : h.services)
      if (!service_names.insert(service_name(s)).second) {
        out.push_back("two services are called " + service_name(s));
      }
  }
  for (const auto* b : all<bridge_spec>()) {
    check_peers<nut_server_spec>(*this, "bridge " + b->name, "NUT server", b->nut_servers, out);
    check_peers<broker_spec>(*this, "bridge " + b->name, "broker", b->brokers, out);
  }
  for (const auto* a : all<agent_spec>())
    check_peers<broker_spec>(*this, "agent " + a->id, "broker", a->brokers, out);
  for (const auto* b : all<broker_spec>())
    if (!b->join.empty())
      check_peers<broker_spec>(*this, "broker " + b->name, "broker to join", {b->join}, out);
  for (const auto* u : all<upsmon_primary_spec>())
    check_peers<nut_server_spec>(*this, "upsmon " + u->name, "NUT server", {u->server}, out);
  return out;
}

topology home_topology() {
  topology t;
  t.hosts.push_back({"nas", "10.77.0.10", {nut_server_spec{}}});
  t.hosts.push_back({"broker", "10.77.0.20", {broker_spec{}}});
  t.hosts.push_back({"bridge", "10.77.0.30", {bridge_spec{}}});
  agent_spec pi1;
  pi1.id = "pi1";
  pi1.final_delay = "1s";
  agent_spec pi2;
  pi2.id = "pi2";
  pi2.final_delay = "0s";  // upsmon's manual: some UPSes need 0
  t.hosts.push_back({"pi1", "10.77.0.41", {pi1}});
  t.hosts.push_back({"pi2", "10.77.0.42", {pi2}});
  return t;
}

topology redundant_topology() {
  topology t;
  t.hosts.push_back({"nas", "10.77.0.10", {nut_server_spec{}}});
  // Without persistence, as docs/larger-sites.md asks of bridged brokers: a restarted broker
  // takes its peer's current retained values instead of bringing back its own old ones.
  broker_spec broker1;
  broker1.persistence = false;
  broker_spec broker2;
  broker2.name = "mosquitto2";
  broker2.persistence = false;
  broker2.join = "broker";
  t.hosts.push_back({"broker", "10.77.0.20", {broker1}});
  t.hosts.push_back({"broker2", "10.77.0.21", {broker2}});
  bridge_spec bridge_a;
  bridge_a.id = "nas-bridge-a";
  bridge_a.brokers = {"broker", "broker2"};
  bridge_spec bridge_b;
  bridge_b.name = "bridge2";
  bridge_b.id = "nas-bridge-b";
  bridge_b.brokers = {"broker2", "broker"};
  t.hosts.push_back({"bridge", "10.77.0.30", {bridge_a}});
  t.hosts.push_back({"bridge2", "10.77.0.31", {bridge_b}});
  agent_spec pi1;
  pi1.id = "pi1";
  pi1.final_delay = "1s";
  pi1.brokers = {"broker", "broker2"};
  pi1.record_comm = true;
  agent_spec pi2;
  pi2.id = "pi2";
  pi2.final_delay = "0s";
  pi2.brokers = {"broker2", "broker"};
  pi2.record_comm = true;
  t.hosts.push_back({"pi1", "10.77.0.41", {pi1}});
  t.hosts.push_back({"pi2", "10.77.0.42", {pi2}});
  return t;
}

}  // namespace nutmqtt::fault_matrix
