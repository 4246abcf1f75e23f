#pragma once
// Compares what upsmon (with upssched) and the agent did in one played scenario: whether each
// shut down, when, and the notifications each acted on. No oracle: the two programs are
// judged against each other, and a difference is either explained by a row of
// docs/shutdown-agent.md's "Where the agent differs from upsmon, and why" (a note naming the
// row) or a problem.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "differential/scenario.hpp"

namespace nutmqtt::differential {

struct timed_event {
  double t = 0;  // seconds since the epoch
  std::string type;
};

// What one side did.
struct side {
  std::vector<timed_event> events;
  std::optional<double> shutdown;  // when its SHUTDOWNCMD ran
};

// What the harness did, with the times it did it.
struct played {
  struct status_change {
    double t = 0;
    std::string status;
  };
  struct fault {
    double start = 0;
    double end = 0;
    step_kind kind = step_kind::driver_stall;
  };
  // The broker closing the agent's connection when no fault of the scenario did (its log
  // says why: a malformed packet, a keepalive timeout): to the agent an MQTT outage like a
  // broker_death, raised by the machine rather than the script.
  struct drop {
    double start = 0;
    double end = 0;
    std::string why;
  };
  std::vector<status_change> statuses;
  std::vector<fault> faults;
  std::vector<drop> broker_drops;
};

struct compare_options {
  // How much later than upsmon the agent may shut down (and how much earlier without an
  // explanation): one poll of each side (1 s) plus the agent hearing it over MQTT.
  double tolerance_s = 2.0;
  // After the MQTT side comes back, the agent's COMMOK may take this long.
  double settle_s = 4.0;
  // FINALDELAY: between taking the UPS as critical and the shutdown command.
  double finaldelay_s = 0;
  // The notify types the upsmon under test knows; others are counted, not compared.
  std::set<std::string> upsmon_types;
  // upsmon 2.8.0 keeps CAL once seen: OB LB is never critical again, CAL announced once.
  bool upsmon_cal_latch = false;
};

enum class verdict { agree, deliberate, disagree };
const char* name_of(verdict v);

struct comparison {
  verdict result = verdict::agree;
  std::vector<std::string> explained;  // "tag: what differed"
  std::vector<std::string> problems;
  std::size_t compared_events = 0;    // upsmon's, after filtering
  std::size_t uncompared_events = 0;  // the agent's of types upsmon does not know
};

// The notify types upsmon of that version announces ("2.8.0" ...).
std::set<std::string> upsmon_notify_types(const std::string& version);
bool upsmon_has_cal_latch(const std::string& version);

comparison compare(const side& upsmon, const side& agent, const played& p,
                   const compare_options& o);

// Events that come within this of each other are one burst (one poll), ordered canonically,
// since each side runs its scripts side by side and their timestamps may cross.
inline constexpr double kBurstSeconds = 0.5;
std::vector<timed_event> canonical_order(std::vector<timed_event> events);

}  // namespace nutmqtt::differential
