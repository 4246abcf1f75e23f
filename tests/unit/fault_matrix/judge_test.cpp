// How a cell's outcome is judged and reported: the parts of the fault matrix that need no
// network namespaces.

#include <doctest/doctest.h>

#include "fault_matrix/cell.hpp"
#include "fault_matrix/report.hpp"
#include "support/temp_dir.hpp"

using namespace nutmqtt::fault_matrix;

namespace {

const double kStart = 1000;
const std::map<std::string, double> kSteps = {{"start", kStart}, {"OB", kStart + 1}};

// Shutdown between 20 s and 21.5 s after OB, plus final_delay (1 s) and the slack (3 s): the
// window is [21, 26.5] s after the start.
expectation timer_window() {
  return shutdown_between({"OB", 20}, {"OB", 21.5}, "the timer");
}

}  // namespace

TEST_CASE("a shutdown expected in a window passes once inside it, with final_delay and slack") {
  auto o = judge("pi1", timer_window(), kSteps, 1, {kStart + 22});
  CHECK(o.ok);
  CHECK(o.earliest == doctest::Approx(21));
  CHECK(o.latest == doctest::Approx(21 + 1.5 + 1 + bound_terms::kSlack));
  CHECK(o.shutdowns == std::vector<double>{22});
  CHECK(judge("pi1", timer_window(), kSteps, 1, {kStart + 26.4}).ok);
}

TEST_CASE("a shutdown too early, too late, twice or missing is a mismatch") {
  CHECK_FALSE(judge("pi1", timer_window(), kSteps, 1, {kStart + 20.9}).ok);
  CHECK_FALSE(judge("pi1", timer_window(), kSteps, 1, {kStart + 26.6}).ok);
  CHECK_FALSE(judge("pi1", timer_window(), kSteps, 1, {kStart + 22, kStart + 23}).ok);
  CHECK_FALSE(judge("pi1", timer_window(), kSteps, 1, {}).ok);
  // final_delay 0 leaves 1 s less room.
  CHECK_FALSE(judge("pi2", timer_window(), kSteps, 0, {kStart + 26}).ok);
}

TEST_CASE("no shutdown expected: any run of the command is a mismatch") {
  CHECK(judge("pi1", no_shutdown("on line power"), kSteps, 1, {}).ok);
  CHECK_FALSE(judge("pi1", no_shutdown("on line power"), kSteps, 1, {kStart + 40}).ok);
}

TEST_CASE("a bound naming a step that never happened is an error, not a pass") {
  CHECK_THROWS_WITH_AS(
      judge("pi1", shutdown_between({"kill bridge"}, {"OB", 2}, ""), kSteps, 0, {kStart + 2}),
      doctest::Contains("kill bridge"), std::runtime_error);
}

TEST_CASE("the matrix names each cell's expectation and outcome per agent") {
  cell_result r;
  r.fault = "partition agent <-> broker healed after deadtime";
  r.during = "on battery";
  r.agents.push_back(judge("pi1", shutdown_between({"OB", 14.5}, {"OB", 26}, "cut off"), kSteps, 1,
                           {kStart + 29}));
  r.agents.push_back(judge("pi2", no_shutdown("not cut off"), kSteps, 0, {}));
  r.ok = r.agents[0].ok && r.agents[1].ok;
  CHECK(describe_expected(r) == "pi1: shutdown 15.5-31.0 s; pi2: none");
  CHECK(describe_observed(r) == "pi1: shutdown once; pi2: none");
  CHECK(describe_times(r) == "pi1 29.0 s");
  CHECK(matrix_markdown({r}) ==
        "| fault | during | expected | observed | time | result |\n|---|---|---|---|---|---|\n"
        "| partition agent <-> broker healed after deadtime | on battery | pi1: shutdown "
        "15.5-31.0 s; pi2: none | pi1: shutdown once; pi2: none | pi1 29.0 s | ok |\n");
}

TEST_CASE("agents sharing an expectation share a line, widened by their final delays") {
  cell_result r;
  r.fault = "outage longer than the power-off timer";
  r.during = "normal operation";
  r.agents.push_back(judge("pi1", timer_window(), kSteps, 1, {kStart + 22}));
  r.agents.push_back(judge("pi2", timer_window(), kSteps, 0, {kStart + 21.2}));
  CHECK(describe_expected(r) == "shutdown 21.0-26.5 s");
  CHECK(describe_observed(r) == "shutdown, once each");
  CHECK(describe_times(r) == "pi1 22.0 s, pi2 21.2 s");
}

TEST_CASE(
    "a cell marked with a known bug passes the matrix by failing, and is flagged once it "
    "passes") {
  cell_result r;
  r.fault = "agent killed and restarted";
  r.during = "while its CMDSCRIPT runs";
  r.known_bug = "the control socket leaks into scripts";
  r.ok = false;
  CHECK(verdict(r) == "known bug");
  CHECK(verdict_passes(r));
  r.ok = true;
  CHECK(verdict(r) == "FIXED?");
  CHECK_FALSE(verdict_passes(r));
  r.known_bug.clear();
  CHECK(verdict(r) == "ok");
  r.ok = false;
  CHECK(verdict(r) == "MISMATCH");
  CHECK_FALSE(verdict_passes(r));
  r.error = "upsd did not start";
  CHECK(verdict(r) == "error");
  CHECK(describe_observed(r) == "error: upsd did not start");
}

TEST_CASE("a result survives its JSON file") {
  cell_result r;
  r.fault = "bridge killed (SIGKILL)";
  r.during = "mid-timer";
  r.ok = true;
  r.seconds = 33.5;
  r.agents.push_back(judge("pi1", timer_window(), kSteps, 1, {kStart + 22}));
  r.timeline = {{"start", 0}, {"OB", 1}};
  const auto back = result_from_json(to_json(r));
  CHECK(back.fault == r.fault);
  CHECK(back.during == r.during);
  CHECK(back.ok);
  CHECK(back.seconds == doctest::Approx(33.5));
  REQUIRE(back.agents.size() == 1);
  CHECK(back.agents[0].shutdowns == r.agents[0].shutdowns);
  CHECK(back.agents[0].latest == doctest::Approx(r.agents[0].latest));
  CHECK(back.timeline == r.timeline);
  CHECK(matrix_markdown({back}) == matrix_markdown({r}));
}

TEST_CASE("cell names become file names") {
  CHECK(cell_slug("bridge killed (SIGKILL)", "on battery") == "bridge-killed-sigkill-on-battery");
  CHECK(cell_slug("partition agent <-> broker healed after 10 s", "on line power") ==
        "partition-agent-broker-healed-after-10-s-on-line-power");
}

TEST_CASE("a sanitizer's report in any daemon's log is found") {
  nutmqtt::test::temp_dir dir;
  dir.write("pi1/nutmqtt-shutdown-agent.log", "2026-12-06 info started\n");
  dir.write("upsd/notes.txt", "runtime error: in a file that is not a log\n");
  CHECK(sanitizer_report(dir.path()).empty());
  dir.write("bridge/nutmqtt-bridge.log",
            "info polling\n==123==ERROR: AddressSanitizer: heap-use-after-free on address\n");
  CHECK(sanitizer_report(dir.path()) ==
        "bridge/nutmqtt-bridge.log: ==123==ERROR: AddressSanitizer: heap-use-after-free on "
        "address");
}
