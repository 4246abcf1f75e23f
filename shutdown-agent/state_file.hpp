#pragma once
// The agent's state file (agent_memory as JSON). Written whole to a temporary file that is then
// renamed over the old one, so a crash leaves the old content or the new, never half of one;
// owner-only (0600). Kept in the runtime directory by default: it should survive a restart of
// the agent, not of the host.

#include <optional>
#include <string>

namespace nutmqtt::agent {

class state_file {
 public:
  explicit state_file(std::string path) : path_(std::move(path)) {}

  const std::string& path() const { return path_; }

  // The content; nullopt with `why` empty when there is no file yet, with `why` set when it
  // cannot be read.
  std::optional<std::string> read(std::string& why) const;

  // Writes `content` unless it is what was last written or read. False with `why` on failure.
  bool write(const std::string& content, std::string& why);

 private:
  std::string path_;
  mutable std::string last_;
};

}  // namespace nutmqtt::agent
