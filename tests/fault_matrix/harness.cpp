#include "fault_matrix/harness.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "fault_matrix/lan.hpp"
#include "fault_matrix/report.hpp"
#include "support/child_process.hpp"

namespace nutmqtt::fault_matrix {
namespace {

using namespace std::chrono_literals;

// A cell that takes longer than this is stuck (the longest play under a minute).
constexpr auto kCellTimeout = 240s;

std::string self_path() {
  return std::filesystem::read_symlink("/proc/self/exe").string();
}

std::vector<std::string> list_cells(const std::string& pattern) {
  std::vector<std::string> argv = {self_path(), "--list-test-cases"};
  if (!pattern.empty()) argv.push_back("--test-case=" + pattern);
  const auto r = test::run(argv, 30s);
  if (r.status != 0) throw std::runtime_error("cannot list the cells: " + r.output);
  std::vector<std::string> out;
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.starts_with("[doctest]") || line.starts_with("=====")) continue;
    if (line.find(" / ") != std::string::npos) out.push_back(line);
  }
  return out;
}

struct running_cell {
  std::string name;
  std::unique_ptr<test::child_process> process;
  std::chrono::steady_clock::time_point started;
};

std::pair<std::string, std::string> split_name(const std::string& name) {
  const auto slash = name.find(" / ");
  return {name.substr(0, slash), name.substr(slash + 3)};
}

cell_result outcome_of(const std::filesystem::path& dir, const std::string& name, int status) {
  const auto [fault, during] = split_name(name);
  if (auto r = load_result(dir, fault, during)) return *r;
  cell_result r;
  r.fault = fault;
  r.during = during;
  r.error = fmt::format("the cell ended (status {}) without a result; see {}.out", status,
                        cell_slug(fault, during));
  return r;
}

// Plays the cells, `jobs` at a time, and returns their results in the order given.
std::vector<cell_result> play_all(const std::vector<std::string>& cells, int jobs,
                                  const std::filesystem::path& dir) {
  std::vector<running_cell> running;
  std::size_t next = 0, done = 0;
  const std::map<std::string, std::string> env = {{kResultsEnv, dir.string()}};
  while (done < cells.size()) {
    while (next < cells.size() && running.size() < static_cast<std::size_t>(jobs)) {
      const auto& name = cells[next++];
      const auto [fault, during] = split_name(name);
      std::filesystem::remove(dir / (cell_slug(fault, during) + ".json"));
      running.push_back({name,
                         std::make_unique<test::child_process>(
                             std::vector<std::string>{self_path(), "--test-case=" + name},
                             dir / (cell_slug(fault, during) + ".out"), env),
                         std::chrono::steady_clock::now()});
    }
    std::this_thread::sleep_for(200ms);
    for (auto it = running.begin(); it != running.end();) {
      std::optional<int> status = it->process->wait_exit(0ms);
      if (!status && std::chrono::steady_clock::now() - it->started > kCellTimeout) {
        status = it->process->stop(5s);
      }
      if (!status) {
        ++it;
        continue;
      }
      const auto r = outcome_of(dir, it->name, *status);
      std::cout << fmt::format("[{}/{}] {}: {} ({:.0f} s)", ++done, cells.size(), it->name,
                               verdict(r), r.seconds)
                << std::endl;
      it = running.erase(it);
    }
  }
  std::vector<cell_result> out;
  for (const auto& name : cells)
    out.push_back(outcome_of(dir, name, -1));
  return out;
}

}  // namespace

int run_matrix(int argc, char** argv) {
  CLI::App app{"Plays the fault matrix and prints it"};
  int jobs = 8;
  std::string pattern, markdown;
  std::filesystem::path dir = std::filesystem::current_path() / "fault-matrix";
  bool matrix = false;
  app.add_flag("--matrix", matrix, "play the matrix (instead of running doctest)");
  app.add_option("-j,--jobs", jobs, "cells played at once")->check(CLI::Range(1, 64));
  app.add_option("--cells", pattern, "only the cells whose name matches (doctest's -tc syntax)");
  app.add_option("--results", dir, "where each cell's result and, on a mismatch, its logs go");
  app.add_option("--markdown", markdown, "also write the matrix to this file");
  CLI11_PARSE(app, argc, argv);

  if (const auto reason = lan_unavailable_reason(); !reason.empty()) {
    std::cout << "fault matrix skipped: " << reason << "\n";
    return 0;
  }
  std::filesystem::create_directories(dir);
  const auto cells = list_cells(pattern);
  if (cells.empty()) {
    std::cerr << "no cell matches \"" << pattern << "\"\n";
    return 2;
  }
  std::cout << "fault matrix: " << cells.size() << " cells, " << jobs << " at a time; results in "
            << dir.string() << std::endl;
  const auto started = std::chrono::steady_clock::now();
  const auto results = play_all(cells, jobs, dir);
  const auto table = matrix_markdown(results);
  std::cout << "\n" << table << "\n";
  if (!markdown.empty()) std::ofstream(markdown, std::ios::trunc) << table;

  int failed = 0;
  for (const auto& r : results) {
    if (verdict_passes(r)) continue;
    ++failed;
    std::cout << r.fault << " / " << r.during << ": " << verdict(r) << "\n";
    if (!r.error.empty()) std::cout << "  " << r.error << "\n";
    for (const auto& a : r.agents)
      if (!a.ok) std::cout << "  " << a.agent << ": " << a.why << "\n";
    for (const auto& c : r.checks)
      if (!c.ok) std::cout << "  expected " << c.what << " at the end, found " << c.seen << "\n";
    std::cout << "  logs: " << (dir / (cell_slug(r.fault, r.during) + ".logs")).string() << "\n";
  }
  const auto minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  std::cout << fmt::format("{} cells, {} as documented, {} not; {:.0f} s\n", results.size(),
                           results.size() - static_cast<std::size_t>(failed), failed,
                           minutes.count());
  return failed == 0 ? 0 : 1;
}

}  // namespace nutmqtt::fault_matrix
