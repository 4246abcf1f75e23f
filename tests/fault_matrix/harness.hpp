#pragma once
// `fault_matrix --matrix`: plays every cell (or those matching --cells), several at once - each
// in a process of its own (this program with --test-case), each with its own namespaces - then
// prints the matrix and exits non-zero when a cell did not go as the documentation says.

namespace nutmqtt::fault_matrix {

// argv as given to main; returns the exit status.
int run_matrix(int argc, char** argv);

}  // namespace nutmqtt::fault_matrix
