#pragma once
// Instant commands as Home Assistant buttons: a friendly name and whether pressing it cuts power.

#include <string>
#include <string_view>

namespace nutmqtt::ha {

struct command_info {
  std::string name;          // "Start quick battery test"; unknown commands keep their NUT name
  bool destructive = false;  // cuts or cycles the load: load.off*, shutdown.*, outlet load off
};

command_info describe_command(std::string_view command);

}  // namespace nutmqtt::ha
