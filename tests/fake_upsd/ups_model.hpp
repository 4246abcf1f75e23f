#pragma once
// One UPS as upsd sees it: variables with their metadata (RW, STRING:n, ENUM, RANGE), instant
// commands, and the state of its driver. Names are case-insensitive, as in upsd; iteration is
// in upsd's order (sorted by name).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nutmqtt::fake_upsd {

// Longest value a driver can hold (upsd's ST_MAX_VALUE_LEN, terminator excluded).
inline constexpr std::size_t kMaxValueLength = 255;

// The case-folded key every lookup by name uses.
std::string name_key(std::string_view name);
// Equal but for ASCII case, as upsd compares command words and names.
bool same_name(std::string_view a, std::string_view b);

struct variable {
  std::string name;  // as the driver spelled it
  std::string value;
  bool writable = false;
  // STRING:<n> when set; upsd calls every other variable a NUMBER.
  std::optional<std::size_t> string_length;
  std::vector<std::string> enum_values;
  std::vector<std::pair<int, int>> ranges;
};

class ups_model {
 public:
  explicit ups_model(std::string name, std::string description = {});

  const std::string& name() const { return name_; }
  // For serving copies of one UPS under many names; throws like the constructor.
  void rename(std::string name);
  const std::string& description() const { return description_; }
  void set_description(std::string description) { description_ = std::move(description); }

  const variable* find(std::string_view name) const;
  variable* find(std::string_view name);
  // Changes the value, adding a read-only variable when there is none. Throws
  // std::invalid_argument for an empty name or a value longer than kMaxValueLength.
  variable& set(std::string_view name, std::string value);
  // Adds or replaces a variable with all its metadata.
  variable& define(variable v);
  bool remove(std::string_view name);
  const std::map<std::string, variable>& variables() const { return variables_; }

  void add_command(std::string_view name);
  bool has_command(std::string_view name) const;
  // Command names as the driver spelled them, by key.
  const std::map<std::string, std::string>& commands() const { return commands_; }

  // upsd's view of the driver: no driver answers DRIVER-NOT-CONNECTED, a silent one
  // DATA-STALE; FSD is latched by the FSD command and shows as a prefix of ups.status.
  bool driver_connected = true;
  bool stale = false;
  bool fsd = false;

 private:
  std::string name_;
  std::string description_;
  std::map<std::string, variable> variables_;
  std::map<std::string, std::string> commands_;
};

// Throws std::invalid_argument when `name` cannot be a UPS, variable or command name (empty,
// or holding characters a request word cannot carry unquoted).
void check_name(std::string_view what, std::string_view name);

}  // namespace nutmqtt::fake_upsd
