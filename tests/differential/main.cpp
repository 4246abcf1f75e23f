// The differential test: random scenarios played on the real upsmon (with upssched) and on
// nutmqtt (bridge + shutdown agent) side by side, their shutdowns and events compared.
//
//   differential --scenarios N --seed S [--jobs J] [--results DIR] [--markdown FILE]
//   differential --play SEED --out DIR      (one scenario; what the runner starts J of)

#include <iostream>

#include <CLI/CLI.hpp>

#include "differential/play.hpp"
#include "differential/runner.hpp"

int main(int argc, char** argv) {
  using namespace nutmqtt::differential;
  CLI::App app("differential test: nutmqtt against the real upsmon + upssched");
  run_options o;
  std::uint64_t play_seed = 0;
  std::string play_out;
  app.add_option("--scenarios", o.scenarios, "how many scenarios")->check(CLI::Range(1, 10000));
  app.add_option("--seed", o.seed, "seed of the first scenario (the others follow it)");
  app.add_option("--jobs", o.jobs, "scenarios played at the same time")->check(CLI::Range(1, 64));
  app.add_option("--results", o.results, "directory for each scenario's records and logs")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--markdown", o.markdown, "also write the table to this file");
  bool rejudge = false;
  app.add_flag("--rejudge", rejudge, "judge the records already in --results again, play nothing");
  auto* play_opt = app.add_option("--play", play_seed, "play one scenario (internal)");
  app.add_option("--out", play_out, "with --play: where its records go");
  CLI11_PARSE(app, argc, argv);
  try {
    if (*play_opt) {
      const auto rec = play(generate(play_seed), play_out);
      save(rec, std::filesystem::path(play_out) / "result.json");
      return rec.error.empty() ? 0 : 1;
    }
    o.play = !rejudge;
    return run_all(o);
  } catch (const std::exception& e) {
    std::cerr << "differential: " << e.what() << "\n";
    return 2;
  }
}
