#pragma once
// What the agent keeps across its own restarts (in its state file): what it knows of each UPS
// and has acted on, its running timers, the communication losses it announced, the last
// status of each UPS, a shutdown under way, and what message_guard remembers. Times are wall-clock
// here (the monotonic clock starts again with the process). Pure: to and from JSON.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/parse_result.hpp"
#include "common/time_format.hpp"
#include "shutdown-agent/notify/notify_event.hpp"

namespace nutmqtt::agent {

struct saved_timer {
  std::string name;
  common::wall_clock::time_point deadline;
  std::chrono::milliseconds length{0};
  notify_event cause;  // with the events that joined a shared timer
};

// A shutdown under way when the agent stopped: a restarted agent carries it on (its command
// runs once final_delay has passed since `begun`) or, once the command ran, does nothing else.
struct saved_shutdown {
  std::string reason;
  common::wall_clock::time_point begun;
  bool command_run = false;
};

// A communication loss the agent had announced: since when, what said so (comm_tracker's
// source ids) and since when its bridge could not poll the UPS.
struct saved_loss {
  common::wall_clock::time_point since;
  std::vector<std::string> sources;  // empty in a file written before they were kept
  std::optional<common::wall_clock::time_point> failed_poll_since;
};

struct agent_memory {
  nlohmann::json knowledge = nlohmann::json::object();  // ups_knowledge::save()
  nlohmann::json guard = nlohmann::json::object();      // message_guard::save()
  std::vector<saved_timer> timers;
  std::map<std::string, saved_loss> comm_lost;               // UPS -> its loss
  std::map<std::string, std::vector<std::string>> statuses;  // UPS -> status tokens
  std::map<std::string, std::string> bridges;                // UPS -> its bridge
  // UPS -> token -> since when the agent has seen it (for off_duration, oblb_duration and the
  // wait for the primary, which go on across a restart).
  std::map<std::string, std::map<std::string, common::wall_clock::time_point>> status_since;
  std::optional<saved_shutdown> shutdown;
};

// {"format":1,"agent":"pi","knowledge":{...},"timers":[...],...}; the same memory always
// gives the same text, so the agent writes its file only when something changed.
std::string memory_json(const agent_memory& m, const std::string& agent, bool dry_run);

// Reads what memory_json wrote by the agent `agent`; a file of another agent id, format or
// mode (a dry run's memory says what was pretended, not done) is refused with the reason.
common::parse_result<agent_memory> parse_memory(std::string_view text, const std::string& agent,
                                                bool dry_run);

}  // namespace nutmqtt::agent
