#pragma once
// Plays many scenarios side by side (each in a process of its own, so that one stuck scenario
// is ended alone), compares each, prints the table and writes it.

#include <cstdint>
#include <string>

#include "differential/compare.hpp"
#include "differential/play.hpp"

namespace nutmqtt::differential {

struct run_options {
  int scenarios = 20;
  std::uint64_t seed = 1;
  int jobs = 4;
  std::string results = "build/differential";
  std::string markdown;
  bool play = true;  // false: judge the records already in `results` again
};

// 0 when no scenario disagrees, 1 otherwise.
int run_all(const run_options& o);

// Compares one played scenario with the settings its upsmon calls for.
comparison judge(const play_record& r);

// The markdown table row of one scenario, and the table's header.
std::string table_header();
std::string table_row(const play_record& r, const comparison& c);

}  // namespace nutmqtt::differential
