#include "fault_matrix/cell_test.hpp"

#include <iostream>
#include <string>

#include <fmt/format.h>

#include "fault_matrix/report.hpp"
#include "support/doctest_listener.hpp"

namespace nutmqtt::fault_matrix {
namespace {

std::string& current_name() {
  static std::string name;
  return name;
}

// Tells check_cell() which test case runs: its name is the cell's row and column.
struct current_test_listener : test::quiet_listener {
  using quiet_listener::quiet_listener;
  void test_case_start(const doctest::TestCaseData& in) override { current_name() = in.m_name; }
};

REGISTER_LISTENER("fault_matrix_current_test", 1, current_test_listener);

}  // namespace

void check_cell(const cell& c) {
  const auto& name = current_name();
  const auto slash = name.find(" / ");
  REQUIRE_MESSAGE(slash != std::string::npos, "a cell's name is \"<fault> / <during>\": ", name);
  const auto r = play(name.substr(0, slash), name.substr(slash + 3), c);
  save_result(r);
  std::cout << "expected: " << describe_expected(r) << "\nobserved: " << describe_observed(r)
            << " (" << describe_times(r) << ")\n";
  for (const auto& [what, when] : r.timeline)
    std::cout << fmt::format("  {:6.1f} s  {}\n", when, what);
  REQUIRE_MESSAGE(r.error.empty(), r.error);
  for (const auto& a : r.agents) {
    INFO(a.agent, ": ", a.why);
    CHECK_MESSAGE(a.ok, a.agent, " expected ", describe_expected(r), ", observed ",
                  describe_observed(r), " (", describe_times(r), ")");
  }
  for (const auto& k : r.checks)
    CHECK_MESSAGE(k.ok, "expected ", k.what, " at the end, found ", k.seen);
}

}  // namespace nutmqtt::fault_matrix
