#include "shutdown-agent/upsmon/upssched_conf.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/file_limits.hpp"

namespace nutmqtt::agent {
namespace {

// upssched's timers are whole seconds; a day is far beyond any sensible shutdown delay.
constexpr std::chrono::milliseconds kMaxTimer = std::chrono::hours(24 * 7);

class line_parser {
 public:
  line_parser(upssched_import& out, const std::string& file, int line)
      : out_(out), file_(file), line_(line) {}

  void fail(const conf_word& at, std::string message) {
    out_.problems.push_back({file_, line_, at.column, "", std::move(message)});
  }
  std::string where() const { return fmt::format("{}:{}", file_, line_); }

  void directive(const std::vector<conf_word>& w) {
    const std::string& name = w[0].text;
    if (name == "CMDSCRIPT") {
      if (!expect_args(w, 2, 2)) return;
      out_.cmdscript = w[1].text;
    } else if (name == "PIPEFN" || name == "LOCKFN") {
      if (!expect_args(w, 2, 2)) return;
      out_.notes.push_back(fmt::format(
          "{}: {} is not needed (the agent keeps its timers itself); ignored", where(), name));
    } else if (name == "DEBUG_MIN") {
      if (!expect_args(w, 2, 2)) return;
      out_.notes.push_back(
          fmt::format("{}: DEBUG_MIN is ignored (set log.level, or --log-level debug)", where()));
    } else if (name == "AT") {
      at_line(w);
    } else {
      fail(w[0], fmt::format("unknown directive \"{}\"; upssched.conf knows CMDSCRIPT, PIPEFN, "
                             "LOCKFN, DEBUG_MIN and AT (directive names are case-sensitive)",
                             name));
    }
  }

 private:
  bool expect_args(const std::vector<conf_word>& w, std::size_t min, std::size_t max) {
    if (w.size() >= min && w.size() <= max) return true;
    std::string wanted =
        min == max ? fmt::format("{}", min - 1) : fmt::format("{} or {}", min - 1, max - 1);
    fail(w[0], fmt::format("{} takes {} argument(s), got {}", w[0].text, wanted, w.size() - 1));
    return false;
  }

  void at_line(const std::vector<conf_word>& w) {
    if (w.size() < 5) {
      fail(w[0], "expected AT <notifytype> <upsname|*> <action> <argument> [<argument>]");
      return;
    }
    const std::size_t problems_before = out_.problems.size();
    rule r;
    r.origin = where();
    if (auto why = notify_type_problem(w[1].text)) fail(w[1], *why);
    r.at = normalize_notify_type(w[1].text);
    r.ups = w[2].text;
    if (auto warning = upssched_ups_name_warning(r.ups)) {
      out_.warnings.push_back(fmt::format("{}: {}", where(), *warning));
    }
    const std::string& action = w[3].text;
    if (action == "START-TIMER") {
      start_timer(w, r, rule_action::start_timer);
    } else if (action == "START-TIMER-SHARED") {
      start_timer(w, r, rule_action::start_timer_shared);
    } else if (action == "CANCEL-TIMER" || action == "CANCEL-TIMER-MATCHED") {
      if (!expect_args(w, 5, 6)) return;
      r.action =
          action == "CANCEL-TIMER" ? rule_action::cancel_timer : rule_action::cancel_timer_matched;
      r.name = w[4].text;
      if (w.size() == 6) r.else_execute = w[5].text;
    } else if (action == "EXECUTE") {
      if (!expect_args(w, 5, 5)) return;
      r.action = rule_action::execute;
      r.name = w[4].text;
    } else {
      fail(w[3], fmt::format("unknown action \"{}\"; use START-TIMER, START-TIMER-SHARED, "
                             "CANCEL-TIMER, CANCEL-TIMER-MATCHED or EXECUTE",
                             action));
    }
    check_arguments(w, r);
    if (out_.problems.size() == problems_before) out_.rules.push_back(std::move(r));
  }

  void start_timer(const std::vector<conf_word>& w, rule& r, rule_action action) {
    if (!expect_args(w, 6, 6)) return;
    r.action = action;
    r.name = w[4].text;
    auto after = common::parse_duration(w[5].text);
    if (!after || *after > kMaxTimer) {
      fail(w[5], fmt::format("\"{}\" is not a number of seconds (up to 7 days)", w[5].text));
      return;
    }
    r.after = *after;
  }

  void check_arguments(const std::vector<conf_word>& w, const rule& r) {
    if (w.size() > 4 && !r.name.empty()) {
      if (auto why = script_argument_problem(r.name)) fail(w[4], *why);
    }
    if (w.size() > 5 && !r.else_execute.empty()) {
      if (auto why = script_argument_problem(r.else_execute)) fail(w[5], *why);
    }
  }

  upssched_import& out_;
  const std::string& file_;
  int line_;
};

}  // namespace

upssched_import parse_upssched_conf(std::string_view text, const std::string& file) {
  upssched_import out;
  const nut_conf conf = parse_nut_conf(text);
  for (const auto& e : conf.errors)
    out.problems.push_back({file, e.line, e.column, "", e.message});
  for (const auto& l : conf.lines) {
    line_parser(out, file, l.line).directive(l.words);
  }
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const auto& a, const auto& b) { return a.line < b.line; });
  return out;
}

upssched_import read_upssched_conf(const std::string& path) {
  auto file = common::read_file_limited(path, common::kMaxImportedFileBytes);
  if (!file) {
    upssched_import out;
    out.problems.push_back(
        {path, 0, 0, "",
         "cannot open the upssched.conf to import (check upssched_conf): " + file.error});
    return out;
  }
  return parse_upssched_conf(*file.text, path);
}

}  // namespace nutmqtt::agent
