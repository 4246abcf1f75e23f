#pragma once
// A process's memory and CPU time from /proc: the parsers are pure (text in, values out) so they
// are unit-tested on captured text; sample_process() reads the files.
//
// Resident memory (VmRSS) counts every page the process has in RAM, shared libraries included;
// PSS (smaps_rollup) divides each shared page among the processes that map it, which is fairer
// for small daemons sharing libc, libstdc++ and OpenSSL with the rest of the system.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace nutmqtt::bench {

struct memory_status {
  std::uint64_t rss_kb = 0;  // VmRSS: resident now
  std::uint64_t hwm_kb = 0;  // VmHWM: the most ever resident
  // RssAnon: the part that is the process's own (heap, stacks), not pages of files (its
  // program and the shared libraries, which other processes map too); 0 where not reported.
  std::uint64_t anon_kb = 0;
};

// /proc/<pid>/status; nullopt when VmRSS or VmHWM is missing (a zombie, a kernel thread).
std::optional<memory_status> parse_status(std::string_view text);
// utime + stime in clock ticks from /proc/<pid>/stat (whose second field, the command name in
// parentheses, may itself hold spaces and parentheses).
std::optional<std::uint64_t> parse_cpu_ticks(std::string_view text);
// The parent pid from /proc/<pid>/stat.
std::optional<pid_t> parse_parent(std::string_view text);
// Pss from /proc/<pid>/smaps_rollup.
std::optional<std::uint64_t> parse_pss_kb(std::string_view text);

struct process_sample {
  std::chrono::steady_clock::time_point at;
  memory_status memory;
  std::optional<std::uint64_t> pss_kb;  // nullopt where smaps_rollup is not readable
  std::uint64_t cpu_ticks = 0;
};

// Reads the three files of `pid` now; nullopt when the process is gone.
std::optional<process_sample> sample_process(pid_t pid);
// Processes whose parent is `pid` (scanning /proc).
std::vector<pid_t> children_of(pid_t pid);
long ticks_per_second();

// What a series of samples of one process says.
struct usage {
  double seconds = 0;        // from the first sample to the last
  double cpu_percent = 0;    // of one core, over that time
  double cpu_seconds = 0;    // CPU time used over that time
  double rss_median_mb = 0;  // "steady": the median of the samples
  double rss_max_mb = 0;
  double anon_median_mb = 0;  // the RssAnon part of the steady figure
  double hwm_mb = 0;          // peak since the process started, at the last sample
  std::optional<double> pss_median_mb;
};

// nullopt with fewer than two samples.
std::optional<usage> summarize_usage(const std::vector<process_sample>& samples, long ticks_per_s);

}  // namespace nutmqtt::bench

namespace nutmqtt::bench {

// CPU time (user + system, all threads) of a running process in seconds, from the kernel's
// per-process CPU clock: nanosecond resolution, where /proc's utime and stime count 10 ms ticks.
// nullopt when the process is gone.
std::optional<double> process_cpu_seconds(pid_t pid);

}  // namespace nutmqtt::bench
