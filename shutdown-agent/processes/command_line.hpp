#pragma once
// A command written as one string ("/sbin/shutdown -h +0"), as upsmon's SHUTDOWNCMD and
// NOTIFYCMD are, split into the argv the agent runs without a shell. The split follows the
// shell's quoting ('...', "...", backslash) for simple commands only: anything a shell would
// do more with (pipes, redirections, ;, &, variables, globs, ~, subshells) is refused, since
// no shell runs it.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::agent {

// The absolute path of a program named without one ("shutdown"), as a shell would find it, or
// nullopt.
using program_finder = std::function<std::optional<std::string>(const std::string& name)>;

// Looks in the directories of a root shell's usual PATH.
std::optional<std::string> find_in_path(const std::string& name);

// The words of `text`, or nullopt with `why` naming the first construct only a shell would
// understand (or an unbalanced quote).
std::optional<std::vector<std::string>> split_command(std::string_view text, std::string& why);

// A command that upsmon ran through a shell (its SHUTDOWNCMD and NOTIFYCMD go to system()):
// the argv that runs it without one, a program named without a path looked up with `find`;
// when it needs a shell after all, [/bin/sh, -c, text] (with `why` saying what needs it).
// `message_argument`: the agent adds the message as one last argument, as upsmon added it
// quoted to the shell's line; through /bin/sh it then arrives as "$1".
struct shell_command {
  std::vector<std::string> argv;
  std::string why;  // empty when no shell is needed
};
shell_command shell_command_argv(const std::string& text, bool message_argument,
                                 const program_finder& find);

}  // namespace nutmqtt::agent
