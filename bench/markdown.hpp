#pragma once
// Markdown output of the benchmarks: tables and number formatting. Pure.

#include <optional>
#include <string>
#include <vector>

namespace nutmqtt::bench {

class markdown_table {
 public:
  explicit markdown_table(std::vector<std::string> headers);
  // Missing cells are left empty, extra cells are an error (std::invalid_argument).
  void add_row(std::vector<std::string> cells);
  // Header, separator and rows; a '|' inside a cell is escaped.
  std::string render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// `value` with `decimals` digits after the point; "n/a" for nullopt.
std::string fixed(std::optional<double> value, int decimals);
// "met" or "**missed**", for a target.
std::string verdict(bool met);

}  // namespace nutmqtt::bench
