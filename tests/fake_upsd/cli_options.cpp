#include "fake_upsd/cli_options.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "fake_upsd/dev_file.hpp"
#include "fake_upsd/random_source.hpp"
#include "fake_upsd/realistic_ups.hpp"

namespace nutmqtt::fake_upsd {
namespace {

using problems = std::vector<std::string>;

std::optional<std::string> read_text(const std::string& path, problems& out) {
  std::ifstream in(path);
  if (!in) {
    out.push_back(path + ": cannot be read");
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> ups_names(const cli_settings& s, problems& out) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (int i = 0; i < s.ups; ++i) {
    std::string name;
    try {
      name = fmt::format(fmt::runtime(s.name_pattern), s.first_index + i);
      check_name("UPS", name);
    } catch (const std::exception& e) {
      out.push_back("--name-pattern '" + s.name_pattern + "': " + e.what());
      return {};
    }
    if (!seen.insert(name_key(name)).second) {
      out.push_back("--name-pattern '" + s.name_pattern + "' gives the name " + name +
                    " twice: it needs a placeholder such as {:04} for the UPS number");
      return {};
    }
    names.push_back(std::move(name));
  }
  return names;
}

std::optional<user_table> read_users(const std::string& path, problems& out) {
  if (path.empty()) return user_table::defaults();
  auto text = read_text(path, out);
  if (!text) return std::nullopt;
  std::vector<user> users;
  std::istringstream lines(*text);
  std::string line;
  const auto before = out.size();
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.empty() || line.front() == '#') continue;
    try {
      users.push_back(parse_user_spec(line));
    } catch (const std::invalid_argument& e) {
      out.push_back(path + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  if (out.size() != before) return std::nullopt;
  return user_table(std::move(users));
}

std::vector<ups_model> make_ups(const cli_settings& s, const std::vector<std::string>& names,
                                problems& out) {
  std::vector<ups_model> all;
  if (s.dev_file.empty()) {
    for (const auto& name : names)
      all.push_back(realistic_ups(name, derive_seed(s.seed, name), "Simulated UPS " + name));
    return all;
  }
  auto text = read_text(s.dev_file, out);
  if (!text || names.empty()) return all;
  try {
    const auto stem = std::filesystem::path(s.dev_file).stem().string();
    const auto model = parse_dev_file(*text, s.dev_file, names.front(), "Simulated " + stem);
    for (const auto& name : names) {
      all.push_back(model);
      all.back().rename(name);
    }
  } catch (const std::invalid_argument& e) {
    out.push_back(e.what());
  }
  return all;
}

void check_layout(const cli_settings& s, problems& out) {
  if (s.servers < 1) out.push_back("--servers must be at least 1");
  if (s.ups < s.servers) out.push_back("--ups must be at least --servers (one UPS per server)");
  if (!s.ports.empty()) {
    if (s.base_port != 0) out.push_back("give either --base-port or --ports, not both");
    if (static_cast<int>(s.ports.size()) != s.servers) {
      out.push_back("--ports lists " + std::to_string(s.ports.size()) + " ports for " +
                    std::to_string(s.servers) + " servers");
    }
  } else if (s.base_port < 0 || s.base_port + s.servers - 1 > 65535) {
    out.push_back("--base-port " + std::to_string(s.base_port) + " leaves no room for " +
                  std::to_string(s.servers) + " consecutive ports");
  }
  if (s.tls_certificate.empty() != s.tls_key.empty()) {
    out.push_back("--tls-cert and --tls-key go together");
  }
  for (const auto* file : {&s.tls_certificate, &s.tls_key}) {
    if (!file->empty() && !std::filesystem::is_regular_file(*file)) {
      out.push_back(*file + ": no such file");
    }
  }
}

void throw_if_any(const problems& out) {
  if (out.empty()) return;
  std::string all;
  for (const auto& p : out)
    all += (all.empty() ? "" : "\n") + p;
  throw std::invalid_argument(all);
}

}  // namespace

void add_cli_options(CLI::App& app, cli_settings& s) {
  app.add_option("--servers", s.servers, "Number of servers (listening ports)");
  app.add_option("--ups", s.ups, "Number of UPSes, spread evenly over the servers");
  app.add_option("--base-port", s.base_port, "First port; servers use consecutive ports (0: free)");
  app.add_option("--ports", s.ports, "The ports, one per server (comma-separated)")->delimiter(',');
  app.add_option("--address", s.address, "Address to listen on");
  app.add_option("--name-pattern", s.name_pattern, "UPS names, {} being the UPS number")
      ->capture_default_str();
  app.add_option("--first-index", s.first_index, "Number of the first UPS");
  app.add_option("--dev", s.dev_file, "Serve this dummy-ups .dev file instead of a generated UPS");
  app.add_option("--drift-interval", s.drift_interval, "How often measurements move (0: never)");
  app.add_option("--seed", s.seed, "Seed for generated values and drift");
  app.add_option("--users-file", s.users_file,
                 "Users, one NAME:PASSWORD:ACTIONS line each (actions: set, fsd, instcmd, "
                 "primary, secondary); default admin/adminpw and monuser/secret");
  app.add_option("--mode", s.mode,
                 "normal, garbage, stall, long_line, close_on_accept, slow, huge_list, "
                 "new_names or bad_list_var");
  app.add_option("--huge-list-lines", s.huge_list_lines, "Lines of LIST VAR in huge_list mode");
  app.add_option("--new-names", s.new_names, "Names invented per LIST UPS in new_names mode");
  app.add_option("--new-names-linger", s.new_names_linger,
                 "How long a connection lives in new_names mode");
  app.add_option("--slow-delay", s.slow_delay, "Reply delay in slow mode");
  app.add_option("--idle-timeout", s.idle_timeout,
                 "Close connections idle this long, as upsd does after about 60s (0: never)");
  app.add_option("--tls-cert", s.tls_certificate, "PEM certificate chain: enables STARTTLS");
  app.add_option("--tls-key", s.tls_key, "PEM private key of that certificate");
  app.add_option("--log-level", s.log_level, "trace, debug, info, warning, error or off");
}

fake_upsd_options build_options(const cli_settings& s, std::vector<server_plan>& plans) {
  problems out;
  check_layout(s, out);
  auto drift = common::parse_duration(s.drift_interval);
  if (!drift) out.push_back("--drift-interval '" + s.drift_interval + "' is not a duration");
  auto slow = common::parse_duration(s.slow_delay);
  if (!slow) out.push_back("--slow-delay '" + s.slow_delay + "' is not a duration");
  auto idle = common::parse_duration(s.idle_timeout);
  if (!idle) out.push_back("--idle-timeout '" + s.idle_timeout + "' is not a duration");
  auto linger = common::parse_duration(s.new_names_linger);
  if (!linger) out.push_back("--new-names-linger '" + s.new_names_linger + "' is not a duration");
  auto mode = parse_misbehaviour(s.mode);
  if (!mode) out.push_back("--mode '" + s.mode + "' is not a mode this fake knows");
  auto users = read_users(s.users_file, out);
  throw_if_any(out);
  auto ups = make_ups(s, ups_names(s, out), out);
  throw_if_any(out);

  fake_upsd_options options{{}, *drift, s.seed};
  plans.clear();
  const auto total = ups.size();
  const auto servers = static_cast<std::size_t>(s.servers);
  for (std::size_t i = 0; i < servers; ++i) {
    server_options server;
    server.address = s.address;
    server.users = *users;
    server.mode = *mode;
    server.slow_delay = *slow;
    server.idle_timeout = *idle;
    server.huge_list_lines = s.huge_list_lines;
    server.new_names_per_connection = s.new_names;
    server.new_names_linger = *linger;
    server.port =
        s.ports.empty() ? (s.base_port == 0 ? 0 : s.base_port + static_cast<int>(i)) : s.ports[i];
    if (!s.tls_certificate.empty()) server.tls = tls_files{s.tls_certificate, s.tls_key};
    for (std::size_t u = i * total / servers; u < (i + 1) * total / servers; ++u)
      server.ups.push_back(std::move(ups[u]));
    plans.push_back({server.ups.front().name(), server.ups.back().name()});
    options.servers.push_back(std::move(server));
  }
  return options;
}

}  // namespace nutmqtt::fake_upsd
