#include "bench/proc_stats.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "bench/stats.hpp"

namespace nutmqtt::bench {
namespace {

// The number in a "Key:   1234 kB" line, for the line starting with exactly `key` + ':'.
std::optional<std::uint64_t> kb_field(std::string_view text, std::string_view key) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.size() <= key.size() || !line.starts_with(key) || line[key.size()] != ':') continue;
    auto rest = line.substr(key.size() + 1);
    auto first = rest.find_first_not_of(" \t");
    if (first == std::string_view::npos) return std::nullopt;
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(rest.data() + first, rest.data() + rest.size(), value);
    if (ec != std::errc{}) return std::nullopt;
    return value;
  }
  return std::nullopt;
}

// The fields of /proc/<pid>/stat after the command name: field 3 (state) is index 0.
std::vector<std::string_view> stat_fields(std::string_view text) {
  std::vector<std::string_view> out;
  auto close = text.rfind(')');
  if (close == std::string_view::npos) return out;
  auto rest = text.substr(close + 1);
  std::size_t pos = 0;
  while (pos < rest.size()) {
    auto start = rest.find_first_not_of(" \n", pos);
    if (start == std::string_view::npos) break;
    auto end = rest.find_first_of(" \n", start);
    if (end == std::string_view::npos) end = rest.size();
    out.push_back(rest.substr(start, end - start));
    pos = end;
  }
  return out;
}

template <typename T>
std::optional<T> number(std::string_view s) {
  T value{};
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr double kKbPerMb = 1024.0;

}  // namespace

std::optional<memory_status> parse_status(std::string_view text) {
  auto rss = kb_field(text, "VmRSS");
  auto hwm = kb_field(text, "VmHWM");
  if (!rss || !hwm) return std::nullopt;
  return memory_status{*rss, *hwm, kb_field(text, "RssAnon").value_or(0)};
}

std::optional<std::uint64_t> parse_cpu_ticks(std::string_view text) {
  constexpr std::size_t kUtime = 11;  // field 14 of proc(5)
  constexpr std::size_t kStime = 12;  // field 15
  auto fields = stat_fields(text);
  if (fields.size() <= kStime) return std::nullopt;
  auto user = number<std::uint64_t>(fields[kUtime]);
  auto system = number<std::uint64_t>(fields[kStime]);
  if (!user || !system) return std::nullopt;
  return *user + *system;
}

std::optional<pid_t> parse_parent(std::string_view text) {
  constexpr std::size_t kPpid = 1;  // field 4 of proc(5)
  auto fields = stat_fields(text);
  if (fields.size() <= kPpid) return std::nullopt;
  return number<pid_t>(fields[kPpid]);
}

std::optional<std::uint64_t> parse_pss_kb(std::string_view text) {
  return kb_field(text, "Pss");
}

std::optional<process_sample> sample_process(pid_t pid) {
  const auto dir = "/proc/" + std::to_string(pid) + "/";
  process_sample s;
  s.at = std::chrono::steady_clock::now();
  auto status = slurp(dir + "status");
  auto stat = slurp(dir + "stat");
  if (!status || !stat) return std::nullopt;
  auto memory = parse_status(*status);
  auto ticks = parse_cpu_ticks(*stat);
  if (!memory || !ticks) return std::nullopt;
  s.memory = *memory;
  s.cpu_ticks = *ticks;
  if (auto rollup = slurp(dir + "smaps_rollup")) s.pss_kb = parse_pss_kb(*rollup);
  return s;
}

std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    auto child = number<pid_t>(entry.path().filename().string());
    if (!child) continue;
    auto stat = slurp(entry.path().string() + "/stat");
    if (stat && parse_parent(*stat) == pid) out.push_back(*child);
  }
  std::sort(out.begin(), out.end());
  return out;
}

long ticks_per_second() {
  return ::sysconf(_SC_CLK_TCK);
}

std::optional<usage> summarize_usage(const std::vector<process_sample>& samples, long ticks_per_s) {
  if (samples.size() < 2 || ticks_per_s <= 0) return std::nullopt;
  const auto& first = samples.front();
  const auto& last = samples.back();
  usage u;
  u.seconds = std::chrono::duration<double>(last.at - first.at).count();
  const auto ticks = last.cpu_ticks >= first.cpu_ticks ? last.cpu_ticks - first.cpu_ticks : 0;
  u.cpu_seconds = static_cast<double>(ticks) / static_cast<double>(ticks_per_s);
  u.cpu_percent = u.seconds > 0 ? 100.0 * u.cpu_seconds / u.seconds : 0;
  std::vector<double> rss;
  std::vector<double> pss;
  std::vector<double> anon;
  for (const auto& s : samples) {
    rss.push_back(static_cast<double>(s.memory.rss_kb) / kKbPerMb);
    anon.push_back(static_cast<double>(s.memory.anon_kb) / kKbPerMb);
    if (s.pss_kb) pss.push_back(static_cast<double>(*s.pss_kb) / kKbPerMb);
  }
  u.rss_median_mb = *median(rss);
  u.rss_max_mb = *std::max_element(rss.begin(), rss.end());
  u.anon_median_mb = *median(anon);
  u.hwm_mb = static_cast<double>(last.memory.hwm_kb) / kKbPerMb;
  if (!pss.empty()) u.pss_median_mb = median(pss);
  return u;
}

}  // namespace nutmqtt::bench

#include <time.h>

namespace nutmqtt::bench {

std::optional<double> process_cpu_seconds(pid_t pid) {
  clockid_t clock{};
  if (::clock_getcpuclockid(pid, &clock) != 0) return std::nullopt;
  timespec ts{};
  if (::clock_gettime(clock, &ts) != 0) return std::nullopt;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace nutmqtt::bench
