#pragma once
// Reading YAML configuration into plain structs, collecting every problem at once.
//
// Each problem carries file:line:column and the key path, so that `--check-config` can list all
// mistakes of a file in one go. Readers never throw on bad values; they record a problem and
// leave the target at its default so validation can go on.

#include <chrono>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/secret.hpp"

namespace nutmqtt::common {

struct config_problem {
  std::string file;
  int line = 0;  // 1-based; 0 when unknown
  int column = 0;
  std::string key_path;
  std::string message;

  // "bridge.yaml:12:5: poll.status_interval: expected a duration ..."
  std::string to_string() const;
};

// Thrown by a program's config loader when any problem was found; lists them all.
class config_error : public std::runtime_error {
 public:
  explicit config_error(std::vector<config_problem> problems);
  const std::vector<config_problem>& problems() const { return problems_; }

 private:
  std::vector<config_problem> problems_;
};

// One configuration file being read: its name and the problems found so far.
class config_source {
 public:
  explicit config_source(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  void report(const YAML::Mark& at, std::string key_path, std::string message);
  // A problem found in another file this one names (an included or imported file).
  void report(config_problem problem) { problems_.push_back(std::move(problem)); }
  bool ok() const { return problems_.empty(); }
  const std::vector<config_problem>& problems() const { return problems_; }
  // Throws config_error when problems were reported.
  void throw_if_problems() const;

  // Loads the file; a missing file or a YAML syntax error becomes a problem and an empty
  // mapping is returned, so that the caller's checks still run and report what they can.
  YAML::Node load();
  YAML::Node load_string(const std::string& text);

 private:
  std::string file_;
  std::vector<config_problem> problems_;
};

template <typename T>
struct choice {
  std::string_view name;
  T value;
};

// Reads one YAML mapping. Every key read is remembered, so that finish() can report the keys
// nobody asked for ("unknown key; did you mean ...?").
class map_reader {
 public:
  // `node` may be null (section absent): then every read leaves its default.
  map_reader(config_source& source, YAML::Node node, std::string path);

  const std::string& path() const { return path_; }
  std::string key_path(std::string_view key) const;
  config_source& source() const { return *source_; }
  bool present() const { return node_.IsDefined() && !node_.IsNull(); }
  bool has(std::string_view key) const;

  // Each returns true when the key is present and its value valid (and then sets `out`).
  bool read(std::string_view key, std::string& out);
  bool read(std::string_view key, bool& out);
  bool read(std::string_view key, int& out, int min, int max);
  bool read(std::string_view key, std::chrono::milliseconds& out, std::chrono::milliseconds min,
            std::chrono::milliseconds max);
  // A duration or `never` (nullopt; upsmon's negative values, e.g. -1, mean the same).
  bool read(std::string_view key, std::optional<std::chrono::milliseconds>& out,
            std::chrono::milliseconds min, std::chrono::milliseconds max);
  bool read(std::string_view key, std::vector<std::string>& out);
  template <typename T>
  bool read(std::string_view key, T& out, std::span<const choice<T>> choices);

  // A secret given inline (`password`, which may be "${ENV_VAR}") or in a file (`password_file`,
  // one line, trailing newline ignored). Giving both is a problem.
  bool read_secret(std::string_view key, std::string_view file_key, secret& out);

  // A nested mapping; nullopt when absent (a non-mapping value is reported).
  std::optional<map_reader> map(std::string_view key);
  // A sequence of mappings; an absent key gives an empty list.
  std::vector<map_reader> maps(std::string_view key);
  // The raw node of a key (marked as known); for values with their own syntax.
  YAML::Node raw(std::string_view key);

  // Reports a problem about `key` (at its value) or about this mapping.
  void report(std::string_view key, std::string message);
  void report(std::string message);
  void require(std::string_view key);

  // Reports unknown keys. Call once after every read of this mapping.
  void finish();

 private:
  YAML::Node lookup(std::string_view key);
  bool scalar(std::string_view key, std::string& out);
  void report_choices(std::string_view key, const std::string& got,
                      const std::vector<std::string_view>& names);

  config_source* source_;
  YAML::Node node_;
  std::string path_;
  std::vector<std::string> known_;
};

// The candidate closest to `word` by edit distance, when close enough to be a likely typo.
std::optional<std::string> nearest_name(std::string_view word,
                                        const std::vector<std::string_view>& candidates);

template <typename T>
bool map_reader::read(std::string_view key, T& out, std::span<const choice<T>> choices) {
  std::string text;
  if (!scalar(key, text)) return false;
  for (const auto& c : choices) {
    if (c.name == text) {
      out = c.value;
      return true;
    }
  }
  std::vector<std::string_view> names;
  for (const auto& c : choices)
    names.push_back(c.name);
  report_choices(key, text, names);
  return false;
}

}  // namespace nutmqtt::common
