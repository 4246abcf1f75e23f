// agent_app: running CMDSCRIPT and the shutdown command (or, in dry-run mode, saying what
// would run).

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/duration.hpp"
#include "shutdown-agent/agent_app.hpp"
#include "shutdown-agent/cmdscript.hpp"

namespace nutmqtt::agent {
namespace {

action_json result_fields(action_json j, const process_result& r) {
  if (!r.error.empty()) {
    j["error"] = r.error;
  } else if (r.signal != 0) {
    j["signal"] = r.signal;
  } else {
    j["exit_status"] = r.exit_code;
  }
  j["timed_out"] = r.timed_out;
  j["result"] = r.describe();
  return j;
}

}  // namespace

void agent_app::run_script(const script_request& r) {
  action_json j{{"action", "script"},
                {"argument", r.argument},
                {"ups", r.cause.ups},
                {"event_type", r.cause.type}};
  if (dry_run_) {
    j["would_run"] = fmt::format("{} {}", config_.cmdscript, r.argument);
    publish_action(std::move(j));
    return;
  }
  auto request = cmdscript_request(
      config_.cmdscript, r, config_.control_socket, config_.script_timeout,
      [this](const std::string& type, const std::string& ups) { return message_of(type, ups); });
  const std::string label = fmt::format("CMDSCRIPT {}", r.argument);
  pid_t pid = runner_.start(
      std::move(request), [label](std::string_view line) { spdlog::info("{}: {}", label, line); },
      [this, j, label](const process_result& result) mutable {
        if (result.success()) {
          spdlog::info("{} finished: {}", label, result.describe());
        } else {
          spdlog::warn("{} failed: {}", label, result.describe());
        }
        j["action"] = "script_finished";
        if (!stopping_) publish_action(result_fields(std::move(j), result));
      });
  if (pid > 0) {
    j["pid"] = pid;
    publish_action(j);
  }
}

std::string agent_app::message_of(const std::string& type, const std::string& ups) const {
  return config_.notify.message(type, ups, details_.detail(type, ups));
}

// upsmon's notification of an event: syslog, wall and NOTIFYCMD as notify.flags say.
void agent_app::notify(const notify_event& e) {
  const std::string message = message_of(e.type, e.ups);
  if (!dry_run_) {
    notifier_.notify(e, message);
    return;
  }
  const auto flags = config_.notify.flags_for(e.type);
  if ((flags & (kNotifySyslog | kNotifyWall | kNotifyExec)) != 0) {
    spdlog::info("dry run: would notify {} ({}): {}", e.type, format_notify_flags(flags), message);
  }
}

void agent_app::run_shutdown_command() {
  const auto& argv = config_.shutdown_command;
  action_json j{{"action", "shutdown_command"}, {"command", argv}};
  if (dry_run_) {
    spdlog::critical("dry run: would now run the shutdown command: {}", fmt::join(argv, " "));
    j["would_run"] = true;
    publish_action(std::move(j));
    return;
  }
  spdlog::critical("running the shutdown command: {}", fmt::join(argv, " "));
  process_request request;
  request.argv = argv;
  request.env = environment_with({});
  runner_.start(
      std::move(request), [](std::string_view line) { spdlog::info("shutdown command: {}", line); },
      [this, j](const process_result& result) {
        if (result.success()) {
          spdlog::info("shutdown command finished: {}", result.describe());
        } else {
          spdlog::error("shutdown command failed: {}", result.describe());
        }
        action_json done = j;
        done["action"] = "shutdown_command_finished";
        if (!stopping_) publish_action(result_fields(std::move(done), result));
        leave_after_shutdown();
      });
  publish_action(std::move(j));
}

// With login: true the bridge holds the NUT primary until every agent has gone: leaving is how
// an agent says it is done. A host whose workloads take long to stop sets exit_after, or
// `never` to leave only when the host's shutdown stops the agent.
void agent_app::leave_after_shutdown() {
  if (stopping_ || !config_.exit_after) return;
  spdlog::info("leaving {} after the shutdown command (shutdown.exit_after)",
               config_.exit_after->count() == 0
                   ? "now"
                   : "in " + common::format_duration(*config_.exit_after));
  leave_.expires_after(*config_.exit_after);
  leave_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    stop([this] { io_.stop(); });
  });
}

}  // namespace nutmqtt::agent
