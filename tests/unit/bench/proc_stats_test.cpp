#include "bench/proc_stats.hpp"

#include <unistd.h>

#include <doctest/doctest.h>

using namespace nutmqtt::bench;

namespace {

// Captured from a real process, VmRSS and VmHWM changed to round numbers.
constexpr const char* kStatus =
    "Name:\tnutmqtt-bridge\nUmask:\t0022\nState:\tS (sleeping)\nPid:\t4242\nPPid:\t1\n"
    "VmPeak:\t  301232 kB\nVmSize:\t  235696 kB\nVmLck:\t       0 kB\nVmHWM:\t   12288 kB\n"
    "VmRSS:\t   10240 kB\nRssAnon:\t    2048 kB\nThreads:\t4\n";

}  // namespace

TEST_CASE("/proc/<pid>/status gives resident memory now and at its peak") {
  auto m = parse_status(kStatus);
  REQUIRE(m);
  CHECK(m->rss_kb == 10240);
  CHECK(m->hwm_kb == 12288);
  CHECK(m->anon_kb == 2048);
  // A zombie has neither line.
  CHECK_FALSE(parse_status("Name:\tx\nState:\tZ (zombie)\n"));
  CHECK_FALSE(parse_status("VmRSS:\tlots kB\nVmHWM:\t1 kB\n"));
}

TEST_CASE("/proc/<pid>/stat gives utime + stime and the parent, whatever the command name") {
  // The command name may hold spaces and parentheses: fields count from the last ')'.
  const std::string stat =
      "4242 (a (weird) name) S 17 4242 4242 0 -1 4194560 1234 0 0 0 150 25 0 0 20 0 4 0 "
      "100 235696128 2560 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";
  CHECK(parse_cpu_ticks(stat) == std::optional<std::uint64_t>(175));
  CHECK(parse_parent(stat) == std::optional<pid_t>(17));
  CHECK_FALSE(parse_cpu_ticks("4242 (short) S 1 2 3"));
  CHECK_FALSE(parse_cpu_ticks("no parenthesis at all"));
}

TEST_CASE("smaps_rollup gives Pss, not Pss_Anon or Pss_File") {
  const char* rollup =
      "55d0c0a00000-7ffd2b7fe000 ---p 00000000 00:00 0   [rollup]\n"
      "Rss:               10240 kB\nPss_Anon:           1800 kB\nPss:                3900 kB\n"
      "Pss_File:           2100 kB\n";
  CHECK(parse_pss_kb(rollup) == std::optional<std::uint64_t>(3900));
  CHECK_FALSE(parse_pss_kb("Rss: 1 kB\nPss_Anon: 2 kB\n"));
}

TEST_CASE("usage over a window: CPU share of one core, median and peak memory") {
  using namespace std::chrono_literals;
  const auto t0 = std::chrono::steady_clock::time_point{} + 100s;
  std::vector<process_sample> samples = {
      {t0, {10240, 12288}, 4096, 1000},
      {t0 + 10s, {11264, 12288}, 4096, 1005},
      {t0 + 20s, {10240, 13312}, 5120, 1010},
  };
  auto u = summarize_usage(samples, 100);
  REQUIRE(u);
  CHECK(u->seconds == doctest::Approx(20));
  CHECK(u->cpu_seconds == doctest::Approx(0.1));  // 10 ticks of 10 ms
  CHECK(u->cpu_percent == doctest::Approx(0.5));
  CHECK(u->rss_median_mb == doctest::Approx(10.0));
  CHECK(u->rss_max_mb == doctest::Approx(11.0));
  CHECK(u->hwm_mb == doctest::Approx(13.0));  // the last sample's
  REQUIRE(u->pss_median_mb);
  CHECK(*u->pss_median_mb == doctest::Approx(4.0));
  CHECK_FALSE(summarize_usage({samples.front()}, 100));
}

TEST_CASE("sampling this very process works") {
  auto s = sample_process(::getpid());
  REQUIRE(s);
  CHECK(s->memory.rss_kb > 0);
  CHECK(s->memory.hwm_kb >= s->memory.rss_kb);
  CHECK(process_cpu_seconds(::getpid()).value_or(-1) > 0);
  CHECK(children_of(::getppid()).size() >= 1);
}
