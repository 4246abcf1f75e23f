#pragma once
// Reading the words of upsd's replies into values. Each returns nullopt when the reply does
// not have the shape upsd gives, which the caller treats as a protocol failure.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bridge/nut/nut_protocol.hpp"

namespace nutmqtt::bridge::nut {

// GET VAR: VAR <ups> <var> "<value>"
std::optional<std::string> read_var(const reply& r);
// LIST VAR / LIST RW: VAR|RW <ups> <var> "<value>" lines
std::optional<std::map<std::string, std::string>> read_var_list(const reply& r);
// LIST UPS: UPS <name> "<description>" lines
std::optional<std::vector<std::pair<std::string, std::string>>> read_ups_list(const reply& r);
// LIST CMD: CMD <ups> <cmd> lines
std::optional<std::vector<std::string>> read_cmd_list(const reply& r);
// LIST ENUM: ENUM <ups> <var> "<value>" lines
std::optional<std::vector<std::string>> read_enum_list(const reply& r);
// LIST RANGE: RANGE <ups> <var> "<min>" "<max>" lines
std::optional<std::vector<std::pair<std::string, std::string>>> read_range_list(const reply& r);
// GET NUMLOGINS: NUMLOGINS <ups> <n>
std::optional<int> read_numlogins(const reply& r);
// GET UPSDESC: UPSDESC <ups> "<description>"
std::optional<std::string> read_upsdesc(const reply& r);

struct var_type {
  bool rw = false;
  bool enumerated = false;
  bool ranged = false;
  bool number = false;
  int string_length = 0;  // STRING:<n>
};
// GET TYPE: TYPE <ups> <var> [RW] [ENUM] [RANGE] STRING:<n> | NUMBER
std::optional<var_type> read_type(const reply& r);

// OK, OK TRACKING <id>, OK Goodbye, OK STARTTLS...
bool is_ok(const reply& r);

}  // namespace nutmqtt::bridge::nut
