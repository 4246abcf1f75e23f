#include "bench/markdown.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace nutmqtt::bench {
namespace {

std::string escape(const std::string& cell) {
  std::string out;
  for (char c : cell) {
    if (c == '|') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells)
    out += " " + escape(c) + " |";
  return out + "\n";
}

}  // namespace

markdown_table::markdown_table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void markdown_table::add_row(std::vector<std::string> cells) {
  if (cells.size() > headers_.size()) {
    throw std::invalid_argument(
        fmt::format("a table row has {} cells for {} columns", cells.size(), headers_.size()));
  }
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string markdown_table::render() const {
  std::string out = row(headers_);
  out += "|";
  for (std::size_t i = 0; i < headers_.size(); ++i)
    out += "---|";
  out += "\n";
  for (const auto& r : rows_)
    out += row(r);
  return out;
}

std::string fixed(std::optional<double> value, int decimals) {
  if (!value) return "n/a";
  return fmt::format("{:.{}f}", *value, decimals);
}

std::string verdict(bool met) {
  return met ? "met" : "**missed**";
}

}  // namespace nutmqtt::bench
