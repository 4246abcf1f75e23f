#pragma once
// The commented YAML that --import-upsmon prints: lines with a comment saying where each value
// came from, comment lines, and the warnings, gathered at the top. Pure.

#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::agent {

class import_writer {
 public:
  // A line of YAML, with `comment` after it (aligned) when given.
  void line(std::string yaml, std::string_view comment = {});
  void comment(std::string_view text);
  void blank() { lines_.emplace_back(); }
  void warn(std::string text) { warnings_.push_back(std::move(text)); }

  const std::vector<std::string>& warnings() const { return warnings_; }
  // The whole text: the warnings (as "# WARNING: ..." lines) first.
  std::string text() const;

 private:
  std::vector<std::string> lines_;
  std::vector<std::string> warnings_;
};

// `text` as a YAML double-quoted scalar (JSON's escapes, which YAML shares).
std::string yaml_quoted(std::string_view text);
// `text` plain when YAML reads it back as the same string, else quoted.
std::string yaml_scalar(std::string_view text);
// A flow sequence of quoted strings: ["/sbin/shutdown", "-h", "+0"].
std::string yaml_list(const std::vector<std::string>& items);

}  // namespace nutmqtt::agent
