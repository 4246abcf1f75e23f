#pragma once
// nutmqtt-fake-upsd as the scale benchmark runs it: a program of its own (its CPU is not the
// bridge's), started on free ports, and what it serves as read back over the NUT protocol.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::bench {

struct listen_line {
  std::string host;
  int port = 0;
};

// "LISTEN 127.0.0.1:40827 ups=ups0001..ups0100" -> 127.0.0.1, 40827. Pure.
std::optional<listen_line> parse_listen_line(std::string_view line);

class fake_upsd_program {
 public:
  // Returns once every server listens; throws with the program's output otherwise.
  fake_upsd_program(const test::temp_dir& dir, int servers, int ups,
                    const std::string& drift_interval, std::uint64_t seed);

  const std::vector<int>& ports() const { return ports_; }
  pid_t pid() const { return process_->pid(); }
  void stop() { process_->stop(); }

 private:
  std::unique_ptr<test::child_process> process_;
  std::vector<int> ports_;
};

struct served_ups {
  int port = 0;
  std::string name;
  std::vector<std::string> variables;
};

// Every UPS of every server with its variable names (LIST UPS, then LIST VAR pipelined).
std::vector<served_ups> list_served(const std::vector<int>& ports);

}  // namespace nutmqtt::bench
