#pragma once
// Cell results on disk - one JSON file per cell in the directory NUTMQTT_FAULT_MATRIX_RESULTS
// names, with the logs of a cell that did not go as expected beside it - and the matrix made
// from them.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fault_matrix/cell.hpp"

namespace nutmqtt::fault_matrix {

inline constexpr const char* kResultsEnv = "NUTMQTT_FAULT_MATRIX_RESULTS";

std::optional<std::filesystem::path> results_dir();
// "bridge killed (SIGKILL) / on battery" -> "bridge-killed-sigkill-on-battery".
std::string cell_slug(const std::string& fault, const std::string& during);

nlohmann::json to_json(const cell_result& r);
cell_result result_from_json(const nlohmann::json& j);

// Into results_dir(), when set.
void save_result(const cell_result& r);
// Copies a cell's directory (every service's configuration and log) to <results>/<slug>.logs.
void keep_logs(const std::string& fault, const std::string& during,
               const std::filesystem::path& cell_dir);
std::optional<cell_result> load_result(const std::filesystem::path& dir, const std::string& fault,
                                       const std::string& during);

// What the matrix says of a cell: "ok", "MISMATCH", "error", "known bug" (a cell marked with a
// bug that failed, as expected) or "FIXED?" (a cell marked with a bug that passed).
std::string verdict(const cell_result& r);
bool verdict_passes(const cell_result& r);

// The matrix as a Markdown table, cells in the given order.
std::string matrix_markdown(const std::vector<cell_result>& results);

}  // namespace nutmqtt::fault_matrix
