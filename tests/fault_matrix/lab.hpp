#pragma once
// A topology brought to life for one cell: its LAN, every service's processes in their hosts'
// namespaces, and an observer per broker (mosquitto_sub on the broker's host, over loopback, so
// that no fault of the cell reaches it) that records what crosses that broker. The test acts on the
// lab as faults would - signals, restarts, partitions, pulled cables, the UPS changing - and
// reads what happened from the agents' marker files and logs.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fault_matrix/lan.hpp"
#include "fault_matrix/service_plan.hpp"
#include "fault_matrix/topology.hpp"
#include "support/child_process.hpp"

namespace nutmqtt::fault_matrix {

// Seconds since the epoch, the clock the marker files use.
double wall_now();

// The observer's record: `mosquitto_sub -F '%U\t%r\t%t\t%p'`.
class observer_log {
 public:
  explicit observer_log(std::filesystem::path file) : file_(std::move(file)) {}
  std::optional<std::string> latest(const std::string& topic) const;
  // When a message on `topic` containing `text` was first received (wall clock), if it was.
  std::optional<double> first(const std::string& topic, const std::string& text) const;

 private:
  std::filesystem::path file_;
};

class lab {
 public:
  lab(topology t, std::filesystem::path dir);
  ~lab();
  lab(const lab&) = delete;
  lab& operator=(const lab&) = delete;

  // Every service, in dependency order (NUT servers, brokers, bridges, agents, NUT primaries),
  // each ready before the next starts; throws naming what did not come up.
  void start_all();

  // A service's processes. start() does not wait for it to be ready (a restart in a cell goes
  // on with the cell's clock); stop() is SIGTERM, as systemd stops it; signal() is a fault.
  void start(const std::string& service);
  void stop(const std::string& service);
  void signal(const std::string& service, int sig);

  // systemd's Restart=on-failure: a daemon that ends by itself with a failure status is started
  // again RestartSec later (5 s for ours, as config/systemd/*.service; 100 ms for Debian's
  // mosquitto). A daemon the cell stopped or killed is left to the cell. Call it often: the
  // cell's clock drives it.
  void supervise();
  // What supervise() did: (what, when on the wall clock).
  const std::vector<std::pair<std::string, double>>& supervisor_log() const {
    return supervisor_log_;
  }

  // The host shuts down: its services stop, then it leaves the network.
  void power_off(const std::string& host);
  lan& network() { return *lan_; }

  // The UPS, changed as an operator would (upsrw on the NUT server's host).
  void set_status(const std::string& status, const std::string& server = "upsd");
  // The NUT primary shuts down on purpose (`upsmon -c fsd`, what DSM's "time before Safe Mode"
  // does): it sets FSD on its UPS and waits for the clients.
  void primary_fsd(const std::string& upsmon = "upsmon");

  const topology& spec() const { return topology_; }
  // What crossed the first broker, or the broker on `host`.
  const observer_log& observed() const { return *observer_; }
  const observer_log& observed(const std::string& host) const;
  // Times (wall clock) at which the service's shutdown command ran.
  std::vector<double> shutdowns(const std::string& service) const;
  // Times (wall clock) at which the agent's CMDSCRIPT was run for `notify_type` ("COMMBAD").
  std::vector<double> script_calls(const std::string& agent, const std::string& notify_type) const;
  std::string log(const std::string& service) const;
  std::filesystem::path dir_of(const std::string& service) const { return dir_ / service; }
  // The agent's state_text on MQTT ("" until it published one).
  std::string agent_state_text(const std::string& agent) const;
  bool agent_online(const std::string& agent) const;

 private:
  struct running_service {
    service_plan plan;
    std::vector<std::unique_ptr<test::child_process>> processes;
    bool down_on_purpose = true;        // not started, or stopped or killed by the cell
    std::optional<double> restart_due;  // wall clock
  };
  void write_files(const std::string& service);
  void wait_ready(const std::string& service);
  void start_observer(const std::string& host);
  running_service& at(const std::string& service);

  topology topology_;
  std::filesystem::path dir_;
  std::unique_ptr<lan> lan_;
  std::map<std::string, running_service> services_;
  // One per broker host; observer_ is the first broker's.
  std::map<std::string, std::unique_ptr<test::child_process>> observer_processes_;
  std::map<std::string, std::unique_ptr<observer_log>> observers_;
  observer_log* observer_ = nullptr;
  std::vector<std::pair<std::string, double>> supervisor_log_;
};

}  // namespace nutmqtt::fault_matrix
