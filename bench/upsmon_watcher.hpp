#pragma once
// NUT's own client side, for comparison: /lib/nut/upsmon as a netclient (a secondary, with NUT's
// default intervals) whose NOTIFYCMD is upssched, with `AT ONBATT * EXECUTE onbatt` and
// `AT ONLINE * EXECUTE online`.
//
// upsmon 2.8.0 always writes /run/nut/upsmon.pid and refuses to run beside another upsmon, so
// only one may run on the machine. It forks: the process started stays privileged (it only
// runs SHUTDOWNCMD), its child monitors. Stopping the child makes the parent exit.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::bench {

struct upsmon_files {
  std::string upsmon_conf;
  std::string upssched_conf;
};

// The two configuration files: `ups` as upsmon writes it ("dummy@127.0.0.1:3493"), `dir` the
// directory of upssched's pipe and lock, `cmdscript` the script upssched runs, `shutdown` the
// command upsmon would run to shut the host down (never a real shutdown here).
upsmon_files upsmon_configuration(const std::string& ups, const std::string& user,
                                  const std::string& password, const std::filesystem::path& dir,
                                  const std::filesystem::path& cmdscript,
                                  const std::string& shutdown);

class upsmon_watcher {
 public:
  upsmon_watcher(const test::temp_dir& dir, const std::string& ups, const std::string& user,
                 const std::string& password, const std::filesystem::path& cmdscript,
                 const std::filesystem::path& shutdown_marker);
  ~upsmon_watcher();
  upsmon_watcher(const upsmon_watcher&) = delete;
  upsmon_watcher& operator=(const upsmon_watcher&) = delete;

  // Throws when another upsmon runs, or when this one does not come up.
  void start();
  void stop();

  pid_t parent_pid() const;
  std::optional<pid_t> monitor_pid() const { return monitor_; }
  std::string log() const;

 private:
  const test::temp_dir& dir_;
  std::unique_ptr<test::child_process> process_;
  std::optional<pid_t> monitor_;
};

}  // namespace nutmqtt::bench
