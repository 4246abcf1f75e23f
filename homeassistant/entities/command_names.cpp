#include "homeassistant/entities/command_names.hpp"

#include <array>

#include <fmt/format.h>

namespace nutmqtt::ha {
namespace {

struct wording {
  std::string_view command;
  std::string_view name;
};

constexpr auto kCommands = std::to_array<wording>({
    {"beeper.disable", "Disable beeper"},
    {"beeper.enable", "Enable beeper"},
    {"beeper.mute", "Mute beeper"},
    {"beeper.off", "Disable beeper (legacy)"},
    {"beeper.on", "Enable beeper (legacy)"},
    {"beeper.toggle", "Toggle beeper"},
    {"bypass.start", "Enter bypass mode"},
    {"bypass.stop", "Leave bypass mode"},
    {"calibrate.start", "Start runtime calibration"},
    {"calibrate.stop", "Stop runtime calibration"},
    {"load.off", "Turn off load"},
    {"load.off.delay", "Turn off load after delay"},
    {"load.on", "Turn on load"},
    {"load.on.delay", "Turn on load after delay"},
    {"reset.input.minmax", "Reset input minimum and maximum"},
    {"reset.watchdog", "Reset watchdog"},
    {"shutdown.reboot", "Reboot UPS"},
    {"shutdown.reboot.graceful", "Reboot UPS after delay"},
    {"shutdown.return", "Shut down and return"},
    {"shutdown.stayoff", "Shut down and stay off"},
    {"shutdown.stop", "Stop shutdown"},
    {"test.battery.start", "Start battery test"},
    {"test.battery.start.deep", "Start deep battery test"},
    {"test.battery.start.quick", "Start quick battery test"},
    {"test.battery.stop", "Stop battery test"},
    {"test.failure.start", "Start simulated power failure"},
    {"test.failure.stop", "Stop simulated power failure"},
    {"test.panel.start", "Start panel test"},
    {"test.panel.stop", "Stop panel test"},
    {"test.system.start", "Start system test"},
});

// Per outlet (or outlet group); "{}" is "outlet 2" / "outlet group 1".
constexpr auto kOutletCommands = std::to_array<wording>({
    {"load.cycle", "Power cycle {}"},
    {"load.off", "Turn off {}"},
    {"load.off.delay", "Turn off {} after delay"},
    {"load.on", "Turn on {}"},
    {"load.on.delay", "Turn on {} after delay"},
    {"shutdown.return", "Shut down {} and return"},
    {"shutdown.stayoff", "Shut down {} and stay off"},
});

bool cuts_power(std::string_view action) {
  return action.starts_with("load.off") || action == "load.cycle" ||
         action.starts_with("shutdown.");
}

// "outlet.2.load.off" -> {"outlet 2", "load.off"}; "outlet.group.1.x" -> {"outlet group 1", "x"}.
bool split_outlet(std::string_view command, std::string& what, std::string_view& action) {
  std::string_view prefix = command.starts_with("outlet.group.") ? "outlet.group." : "outlet.";
  if (!command.starts_with(prefix)) return false;
  auto rest = command.substr(prefix.size());
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9')
    ++digits;
  if (digits == 0 || digits + 1 >= rest.size() || rest[digits] != '.') return false;
  what =
      fmt::format("{} {}", prefix == "outlet." ? "outlet" : "outlet group", rest.substr(0, digits));
  action = rest.substr(digits + 1);
  return true;
}

}  // namespace

command_info describe_command(std::string_view command) {
  std::string outlet;
  std::string_view action;
  if (split_outlet(command, outlet, action)) {
    command_info info{std::string(command), cuts_power(action)};
    for (const auto& w : kOutletCommands) {
      if (w.command == action) info.name = fmt::format(fmt::runtime(w.name), outlet);
    }
    return info;
  }
  command_info info{std::string(command), cuts_power(command)};
  for (const auto& w : kCommands) {
    if (w.command == command) info.name = w.name;
  }
  return info;
}

}  // namespace nutmqtt::ha
