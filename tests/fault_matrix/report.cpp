#include "fault_matrix/report.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>

#include "support/temp_dir.hpp"

namespace nutmqtt::fault_matrix {

std::optional<std::filesystem::path> results_dir() {
  const char* dir = std::getenv(kResultsEnv);
  if (dir == nullptr || *dir == '\0') return std::nullopt;
  return std::filesystem::path(dir);
}

std::string cell_slug(const std::string& fault, const std::string& during) {
  std::string out;
  for (char c : fault + " / " + during) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out;
}

nlohmann::json to_json(const cell_result& r) {
  nlohmann::json agents = nlohmann::json::array();
  for (const auto& a : r.agents) {
    agents.push_back({{"agent", a.agent},
                      {"expect_shutdown", a.expect_shutdown},
                      {"earliest", a.earliest},
                      {"latest", a.latest},
                      {"shutdowns", a.shutdowns},
                      {"expect_no_commbad", a.expect_no_commbad},
                      {"commbads", a.commbads},
                      {"ok", a.ok},
                      {"why", a.why}});
  }
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : r.checks)
    checks.push_back({{"what", c.what}, {"seen", c.seen}, {"ok", c.ok}});
  nlohmann::json timeline = nlohmann::json::array();
  for (const auto& [what, when] : r.timeline)
    timeline.push_back({{"step", what}, {"at", when}});
  return {{"fault", r.fault}, {"during", r.during},       {"ok", r.ok},
          {"error", r.error}, {"known_bug", r.known_bug}, {"agents", agents},
          {"checks", checks}, {"timeline", timeline},     {"seconds", r.seconds}};
}

cell_result result_from_json(const nlohmann::json& j) {
  cell_result r;
  r.fault = j.value("fault", "");
  r.during = j.value("during", "");
  r.ok = j.value("ok", false);
  r.error = j.value("error", "");
  r.known_bug = j.value("known_bug", "");
  r.seconds = j.value("seconds", 0.0);
  for (const auto& a : j.value("agents", nlohmann::json::array())) {
    agent_outcome o;
    o.agent = a.value("agent", "");
    o.expect_shutdown = a.value("expect_shutdown", false);
    o.earliest = a.value("earliest", 0.0);
    o.latest = a.value("latest", 0.0);
    o.shutdowns = a.value("shutdowns", std::vector<double>{});
    o.expect_no_commbad = a.value("expect_no_commbad", false);
    o.commbads = a.value("commbads", std::vector<double>{});
    o.ok = a.value("ok", false);
    o.why = a.value("why", "");
    r.agents.push_back(o);
  }
  for (const auto& c : j.value("checks", nlohmann::json::array()))
    r.checks.push_back({c.value("what", ""), c.value("seen", ""), c.value("ok", false)});
  for (const auto& s : j.value("timeline", nlohmann::json::array()))
    r.timeline.emplace_back(s.value("step", ""), s.value("at", 0.0));
  return r;
}

void save_result(const cell_result& r) {
  auto dir = results_dir();
  if (!dir) return;
  std::filesystem::create_directories(*dir);
  std::ofstream(*dir / (cell_slug(r.fault, r.during) + ".json"), std::ios::trunc)
      << to_json(r).dump(2) << "\n";
}

void keep_logs(const std::string& fault, const std::string& during,
               const std::filesystem::path& cell_dir) {
  auto dir = results_dir();
  if (!dir) return;
  const auto target = *dir / (cell_slug(fault, during) + ".logs");
  std::error_code ec;
  std::filesystem::remove_all(target, ec);
  // Regular files only: the sockets of upsd and the agents cannot be copied, and do not matter.
  for (auto it = std::filesystem::recursive_directory_iterator(cell_dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const auto to = target / std::filesystem::relative(it->path(), cell_dir, ec);
    std::filesystem::create_directories(to.parent_path(), ec);
    std::filesystem::copy_file(it->path(), to, ec);
  }
}

std::optional<cell_result> load_result(const std::filesystem::path& dir, const std::string& fault,
                                       const std::string& during) {
  const auto text = test::read_file(dir / (cell_slug(fault, during) + ".json"));
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  return result_from_json(j);
}

std::string verdict(const cell_result& r) {
  if (!r.error.empty()) return "error";
  if (!r.known_bug.empty()) return r.ok ? "FIXED?" : "known bug";
  return r.ok ? "ok" : "MISMATCH";
}

bool verdict_passes(const cell_result& r) {
  const auto v = verdict(r);
  return v == "ok" || v == "known bug";
}

std::string matrix_markdown(const std::vector<cell_result>& results) {
  std::string out =
      "| fault | during | expected | observed | time | result |\n|---|---|---|---|---|---|\n";
  for (const auto& r : results) {
    out += "| " + r.fault + " | " + r.during + " | " + describe_expected(r) + " | " +
           describe_observed(r) + " | " + describe_times(r) + " | " + verdict(r) + " |\n";
  }
  return out;
}

}  // namespace nutmqtt::fault_matrix
