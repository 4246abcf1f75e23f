#include "homeassistant/entities/status_text.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "common/ups_status.hpp"

namespace nutmqtt::ha {
namespace {

struct wording {
  std::string_view token;
  std::string_view words;
};

constexpr std::array<wording, 19> kWords = {{
    {"OL", "Online"},
    {"OB", "On Battery"},
    {"LB", "Low Battery"},
    {"HB", "High Battery"},
    {"RB", "Battery Needs Replacement"},
    {"CHRG", "Battery Charging"},
    {"DISCHRG", "Battery Discharging"},
    {"BYPASS", "Bypass Active"},
    {"CAL", "Runtime Calibration"},
    {"OFF", "Offline"},
    {"OVER", "Overloaded"},
    {"TRIM", "Trimming Voltage"},
    {"BOOST", "Boosting Voltage"},
    {"FSD", "Forced Shutdown"},
    {"ALARM", "Alarm"},
    {"HE", "ECO Mode"},
    {"ECO", "ECO Mode"},
    {"TEST", "Battery Testing"},
    {"WAIT", "Waiting for Driver"},
}};

std::string_view words_for(std::string_view token) {
  for (const auto& w : kWords) {
    if (w.token == token) return w.words;
  }
  return token;
}

}  // namespace

std::string status_text(std::string_view ups_status) {
  std::vector<std::string_view> parts;
  const auto tokens = common::split_status(ups_status);
  for (const auto& token : tokens) {
    auto words = words_for(token);
    if (std::find(parts.begin(), parts.end(), words) == parts.end()) parts.push_back(words);
  }
  if (parts.empty()) return ups_status.empty() ? std::string() : std::string("Unknown");
  std::string out;
  for (auto p : parts) {
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

}  // namespace nutmqtt::ha
