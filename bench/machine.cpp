#include "bench/machine.hpp"

#include <sys/utsname.h>
#include <thread>

#include "common/time_format.hpp"
#include "common/version.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::bench {
namespace {

std::string_view trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::string program_version(const std::vector<std::string>& argv) {
  try {
    auto r = test::run(argv, std::chrono::seconds(5));
    auto v = version_word(r.output);
    return v.empty() ? "unknown" : v;
  } catch (const std::exception&) {
    return "not found";
  }
}

}  // namespace

std::string version_word(std::string_view output) {
  auto line = trim(output.substr(0, output.find('\n')));
  auto space = line.rfind(' ');
  return std::string(space == std::string_view::npos ? line : line.substr(space + 1));
}

std::string cpu_model(std::string_view cpuinfo) {
  std::size_t pos = 0;
  while (pos < cpuinfo.size()) {
    auto end = cpuinfo.find('\n', pos);
    if (end == std::string_view::npos) end = cpuinfo.size();
    auto line = cpuinfo.substr(pos, end - pos);
    pos = end + 1;
    if (!line.starts_with("model name")) continue;
    auto colon = line.find(':');
    if (colon != std::string_view::npos) return std::string(trim(line.substr(colon + 1)));
  }
  return "unknown";
}

machine_info collect_machine_info(bool quick, const std::string& revision) {
  machine_info m;
  m.quick = quick;
  m.cores = std::thread::hardware_concurrency();
  m.cpu_model = cpu_model(test::read_file("/proc/cpuinfo"));
  try {
    m.load_average = std::stod(test::read_file("/proc/loadavg"));
  } catch (const std::exception&) {
    m.load_average = 0;
  }
  m.date = common::format_time(common::wall_clock::now());
  m.nutmqtt = std::string(kVersion) + (revision.empty() ? "" : " (" + revision + ")");
  m.nut = program_version({"/lib/nut/upsd", "-V"});
  m.mosquitto = program_version({"mosquitto", "-h"});
  struct utsname u {};
  m.kernel = ::uname(&u) == 0 ? u.release : "unknown";
  return m;
}

}  // namespace nutmqtt::bench
