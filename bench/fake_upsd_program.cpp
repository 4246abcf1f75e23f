#include "bench/fake_upsd_program.hpp"

#include <charconv>
#include <sstream>
#include <stdexcept>

#include "bench/interrupt.hpp"
#include "support/daemon_process.hpp"
#include "support/net.hpp"

namespace nutmqtt::bench {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

// Reads reply lines up to `end`, returning word `index` of each line starting with `kind`.
std::vector<std::string> read_list(test::line_client& c, const std::string& kind,
                                   const std::string& end, std::size_t index) {
  std::vector<std::string> out;
  while (auto line = c.read_line()) {
    if (*line == end) return out;
    if (line->rfind("ERR", 0) == 0) throw std::runtime_error("the fake upsd answered " + *line);
    auto w = words(*line);
    if (w.size() > index && w[0] == kind) out.push_back(w[index]);
  }
  throw std::runtime_error("the fake upsd stopped answering before \"" + end + "\"");
}

}  // namespace

std::optional<listen_line> parse_listen_line(std::string_view line) {
  constexpr std::string_view kPrefix = "LISTEN ";
  if (!line.starts_with(kPrefix)) return std::nullopt;
  auto address = line.substr(kPrefix.size());
  address = address.substr(0, address.find(' '));
  auto colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  int port = 0;
  auto digits = address.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || ptr != digits.data() + digits.size() || port < 1 || port > 65535) {
    return std::nullopt;
  }
  return listen_line{std::string(address.substr(0, colon)), port};
}

fake_upsd_program::fake_upsd_program(const test::temp_dir& dir, int servers, int ups,
                                     const std::string& drift_interval, std::uint64_t seed) {
  const auto log = dir / "fake-upsd.log";
  process_ = std::make_unique<test::child_process>(
      std::vector<std::string>{test::program_path("nutmqtt-fake-upsd"), "--servers",
                               std::to_string(servers), "--ups", std::to_string(ups), "--base-port",
                               "0", "--drift-interval", drift_interval, "--seed",
                               std::to_string(seed), "--log-level", "warning"},
      log);
  auto read_ports = [&] {
    ports_.clear();
    std::istringstream in(test::read_file(log));
    for (std::string line; std::getline(in, line);) {
      if (auto l = parse_listen_line(line)) ports_.push_back(l->port);
    }
    return static_cast<int>(ports_.size()) == servers || !process_->running();
  };
  if (!wait_until(read_ports, 30s) || static_cast<int>(ports_.size()) != servers) {
    throw std::runtime_error("nutmqtt-fake-upsd did not listen: " + test::read_file(log));
  }
}

std::vector<served_ups> list_served(const std::vector<int>& ports) {
  std::vector<served_ups> out;
  for (int port : ports) {
    test::line_client c(port, 10s);
    if (!c.connected()) throw std::runtime_error("cannot connect to the fake upsd");
    c.send("LIST UPS");
    auto names = read_list(c, "UPS", "END LIST UPS", 1);
    for (const auto& name : names)
      c.send("LIST VAR " + name);
    for (const auto& name : names) {
      out.push_back({port, name, read_list(c, "VAR", "END LIST VAR " + name, 2)});
    }
  }
  return out;
}

}  // namespace nutmqtt::bench
