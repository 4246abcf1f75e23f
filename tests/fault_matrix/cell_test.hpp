#pragma once
// Cells as doctest test cases. A test case is named "<fault> / <during>" - the row and column
// of the matrix - and plays its cell with check_cell(). Every cell needs root and network
// namespaces; without them it is skipped (doctest::skip, counted as skipped).

#include <doctest/doctest.h>

#include "fault_matrix/cell.hpp"
#include "fault_matrix/lan.hpp"

namespace nutmqtt::fault_matrix {

// Plays the cell of the running test case, records its result, and checks it.
void check_cell(const cell& c);

}  // namespace nutmqtt::fault_matrix

// A cell. `name` is "<fault> / <during>".
#define FAULT_CELL(name) \
  TEST_CASE(name* doctest::skip(!nutmqtt::fault_matrix::lan_unavailable_reason().empty()))

// A cell that shows a bug in nutmqtt: it fails until the bug is fixed (cell::known_bug says
// which), and then fails as "unexpectedly passed" so that the mark is taken off.
#define FAULT_CELL_KNOWN_BUG(name)                                                          \
  TEST_CASE(name* doctest::skip(!nutmqtt::fault_matrix::lan_unavailable_reason().empty()) * \
            doctest::should_fail())
