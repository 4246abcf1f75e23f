// The fault matrix program: doctest's runner for single cells (what ctest runs, one cell per
// test), or with --matrix the harness that plays them all side by side and prints the matrix.

#define DOCTEST_CONFIG_IMPLEMENT
#include <cstring>
#include <iostream>

#include <doctest/doctest.h>

#include "fault_matrix/harness.hpp"
#include "fault_matrix/lan.hpp"

namespace {

bool has_argument(int argc, char** argv, const char* a, const char* b = nullptr) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], a) == 0 || (b != nullptr && std::strcmp(argv[i], b) == 0)) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (has_argument(argc, argv, "--matrix")) return nutmqtt::fault_matrix::run_matrix(argc, argv);
  doctest::Context context;
  context.applyCommandLine(argc, argv);
  if (has_argument(argc, argv, "--list-test-cases", "-ltc")) {
    // Every cell is listed, so that ctest knows them all (and reports them as skipped where
    // they cannot run), whoever built the program.
    context.setOption("no-skip", true);
  } else if (const auto reason = nutmqtt::fault_matrix::lan_unavailable_reason(); !reason.empty()) {
    std::cout << "fault matrix: every cell is skipped: " << reason << "\n";
  }
  return context.run();
}
