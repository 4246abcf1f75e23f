#pragma once
// What the agent-flood benchmark reads back after each flood: its CMDSCRIPT's log (when the
// script ran, and for which UPS) and the agent's own log (how much it grew, and with which
// kinds of problem). Pure: text in, values out.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::bench {

struct script_call {
  double at = 0;  // $EPOCHREALTIME: CLOCK_REALTIME, as the harness's own clock
  std::string argument;
  std::string ups;  // $UPSNAME
};

// "<$EPOCHREALTIME> <argument> <$UPSNAME>" lines; lines that do not parse are skipped.
std::vector<script_call> parse_script_calls(std::string_view text);

// Seconds from `since` to the first call of `argument` for `ups` at or after `since`; nullopt
// when there is none.
std::optional<double> first_call_delay(const std::vector<script_call>& calls,
                                       std::string_view argument, std::string_view ups,
                                       double since);

// Calls for any UPS but `ups` in [since, until).
std::size_t calls_for_others(const std::vector<script_call>& calls, std::string_view ups,
                             double since, double until);

struct text_growth {
  std::size_t lines = 0;
  std::size_t bytes = 0;
};

// What `text` holds past its first `from` bytes.
text_growth growth_after(std::string_view text, std::size_t from);

// A log line's problem without what varies between two lines of the same problem: quoted text
// (emptied), every word with a digit in it (an id, a count, a duration: "#"), and the rate
// limiter's "(N similar messages suppressed)".
std::string problem_kind(std::string_view message);

// Warning, error and critical lines of a log ("<date> <time> <level> <message>", the daemons'
// format) by problem_kind(), with how many lines each.
std::map<std::string, std::size_t> problem_kinds(std::string_view log);

}  // namespace nutmqtt::bench
