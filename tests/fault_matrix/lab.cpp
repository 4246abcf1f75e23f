#include "fault_matrix/lab.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace nutmqtt::fault_matrix {
namespace {

using namespace std::chrono_literals;

constexpr const char* kUpsrwUser = "admin";
constexpr const char* kUpsrwPassword = "adminpw";

// The order services start in: what each needs is up before it.
int start_rank(const service_spec& s) {
  return static_cast<int>(std::visit(
      [](const auto& spec) {
        using t = std::decay_t<decltype(spec)>;
        if constexpr (std::is_same_v<t, nut_server_spec>) return 0;
        if constexpr (std::is_same_v<t, broker_spec>) return 1;
        if constexpr (std::is_same_v<t, bridge_spec>) return 2;
        if constexpr (std::is_same_v<t, agent_spec>) return 3;
        return 4;
      },
      s));
}

// What `openssl rand -hex 32` makes, as docs/bridge.md ("Signed events") tells users to.
std::string random_key() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  std::string out;
  for (unsigned char b : bytes)
    out += fmt::format("{:02x}", b);
  return out + "\n";
}

void write_file(const std::filesystem::path& path, const std::string& text,
                std::filesystem::perms perms = std::filesystem::perms::owner_read |
                                               std::filesystem::perms::owner_write) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::trunc) << text;
  std::filesystem::permissions(path, perms);
}

std::vector<std::string> split(const std::string& line, char sep, std::size_t max_fields) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (out.size() + 1 < max_fields) {
    const auto end = line.find(sep, start);
    if (end == std::string::npos) break;
    out.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  out.push_back(line.substr(start));
  return out;
}

}  // namespace

double wall_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::optional<std::string> observer_log::latest(const std::string& topic) const {
  std::istringstream in(test::read_file(file_));
  std::optional<std::string> out;
  for (std::string line; std::getline(in, line);) {
    auto f = split(line, '\t', 4);
    if (f.size() == 4 && f[2] == topic) out = f[3];
  }
  return out;
}

std::optional<double> observer_log::first(const std::string& topic, const std::string& text) const {
  std::istringstream in(test::read_file(file_));
  for (std::string line; std::getline(in, line);) {
    auto f = split(line, '\t', 4);
    if (f.size() == 4 && f[2] == topic && f[3].find(text) != std::string::npos) {
      return std::strtod(f[0].c_str(), nullptr);
    }
  }
  return std::nullopt;
}

lab::lab(topology t, std::filesystem::path dir) : topology_(std::move(t)), dir_(std::move(dir)) {
  if (auto problems = topology_.problems(); !problems.empty()) {
    std::string all;
    for (const auto& p : problems)
      all += "\n  " + p;
    throw std::invalid_argument("the topology cannot be built:" + all);
  }
  lan_ = std::make_unique<lan>(dir_);
  for (const auto& h : topology_.hosts)
    lan_->add_host(h.name, h.address);
  plan_context ctx;
  ctx.key_file = dir_ / "sign.key";
  ctx.libfaketime = find_libfaketime();
  write_file(ctx.key_file, random_key());
  for (const auto& h : topology_.hosts) {
    for (const auto& s : h.services) {
      const auto name = service_name(s);
      ctx.dir = dir_ / name;
      if (const auto* b = std::get_if<bridge_spec>(&s);
          b != nullptr && !b->clock_offset.empty() && ctx.libfaketime.empty()) {
        throw std::runtime_error(
            "a bridge clock offset needs libfaketime (Debian package faketime)");
      }
      services_[name].plan = plan_service(s, topology_, ctx);
      write_files(name);
    }
  }
}

lab::~lab() {
  for (auto& [host, p] : observer_processes_)
    p->stop(1s);
  std::vector<std::pair<int, std::string>> order;
  for (const auto& h : topology_.hosts)
    for (const auto& s : h.services)
      order.emplace_back(start_rank(s), service_name(s));
  std::sort(order.rbegin(), order.rend());
  for (const auto& [rank, name] : order)
    stop(name);
}

void lab::write_files(const std::string& service) {
  for (const auto& f : services_.at(service).plan.files) {
    auto perms = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;
    if (f.executable) perms |= std::filesystem::perms::owner_exec;
    write_file(dir_ / service / f.name, f.text, perms);
  }
}

lab::running_service& lab::at(const std::string& service) {
  auto it = services_.find(service);
  if (it == services_.end())
    throw std::invalid_argument("the lab has no service \"" + service + "\"");
  return it->second;
}

void lab::start_all() {
  std::vector<std::pair<int, std::string>> order;
  for (const auto& h : topology_.hosts)
    for (const auto& s : h.services)
      order.emplace_back(start_rank(s), service_name(s));
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [rank, name] : order) {
    start(name);
    wait_ready(name);
    if (std::holds_alternative<broker_spec>(topology_.service(name)))
      start_observer(topology_.host_of(name).name);
  }
}

void lab::start(const std::string& service) {
  auto& s = at(service);
  const auto& host = topology_.host_of(service).name;
  s.processes.clear();
  s.down_on_purpose = false;
  s.restart_due.reset();
  for (const auto& p : s.plan.processes) {
    auto env = p.env;
    if (env.count("LD_PRELOAD") != 0) {
      // A sanitizer build refuses a preloaded library ahead of its runtime unless told.
      const char* asan = std::getenv("ASAN_OPTIONS");
      env["ASAN_OPTIONS"] =
          std::string(asan != nullptr && *asan != '\0' ? asan + std::string(":") : "") +
          "verify_asan_link_order=0";
    }
    s.processes.push_back(std::make_unique<test::child_process>(
        lan_->in(host, p.argv), dir_ / service / (p.name + ".log"), env));
    if (p.name == "dummy-ups") {
      // upsd finds its driver by this socket.
      const auto& ups = std::get<nut_server_spec>(topology_.service(service)).ups;
      const auto socket = dir_ / service / "state" / ("dummy-ups-" + ups);
      if (!test::wait_until([&] { return std::filesystem::exists(socket); }, 10s)) {
        throw std::runtime_error("dummy-ups did not start: " + s.processes.back()->log());
      }
    }
  }
}

void lab::stop(const std::string& service) {
  auto& s = at(service);
  s.down_on_purpose = true;
  for (auto it = s.processes.rbegin(); it != s.processes.rend(); ++it)
    (*it)->stop(5s);
}

void lab::signal(const std::string& service, int sig) {
  if (sig == SIGKILL) at(service).down_on_purpose = true;
  for (auto& p : at(service).processes) {
    p->signal(sig);
    if (sig == SIGKILL) p->wait_exit(5s);
  }
}

void lab::supervise() {
  const double now = wall_now();
  for (auto& [name, s] : services_) {
    const double delay = std::visit(
        [](const auto& spec) {
          using t = std::decay_t<decltype(spec)>;
          if constexpr (std::is_same_v<t, bridge_spec> || std::is_same_v<t, agent_spec>) {
            return 5.0;
          } else if constexpr (std::is_same_v<t, broker_spec>) {
            return 0.1;
          } else {
            return -1.0;  // not supervised
          }
        },
        topology_.service(name));
    if (delay < 0 || s.down_on_purpose || s.processes.empty()) continue;
    if (s.restart_due) {
      if (now >= *s.restart_due) {
        supervisor_log_.emplace_back(fmt::format("systemd restarts {} (it had failed) #{}", name,
                                                 supervisor_log_.size() / 2 + 1),
                                     now);
        start(name);
      }
      continue;
    }
    auto& main = *s.processes.back();
    if (auto status = main.wait_exit(std::chrono::milliseconds(0)); status && *status != 0) {
      supervisor_log_.emplace_back(fmt::format("{} failed (exit status {}) #{}", name, *status,
                                               supervisor_log_.size() / 2 + 1),
                                   now);
      s.restart_due = now + delay;
    }
  }
}

void lab::power_off(const std::string& host) {
  const auto& h = topology_.host(host);
  for (auto it = h.services.rbegin(); it != h.services.rend(); ++it)
    stop(service_name(*it));
  lan_->unplug(host);
}

void lab::set_status(const std::string& status, const std::string& server) {
  const auto& spec = topology_.get<nut_server_spec>(server);
  auto r =
      test::run(lan_->in(topology_.host_of(server).name,
                         {"upsrw", "-s", "ups.status=" + status, "-u", kUpsrwUser, "-p",
                          kUpsrwPassword, spec.ups + "@127.0.0.1:" + std::to_string(kNutPort)}),
                10s);
  if (r.status != 0) throw std::runtime_error("upsrw could not set ups.status: " + r.output);
}

void lab::primary_fsd(const std::string& upsmon) {
  auto& s = at(upsmon);
  if (s.processes.empty()) throw std::runtime_error(upsmon + " does not run");
  auto r = test::run({"/lib/nut/upsmon", "-c", "fsd", "-P", std::to_string(s.processes[0]->pid())},
                     10s, s.plan.processes[0].env);
  if (r.status != 0) throw std::runtime_error("upsmon -c fsd failed: " + r.output);
}

std::vector<double> lab::shutdowns(const std::string& service) const {
  std::vector<double> out;
  std::istringstream in(test::read_file(dir_ / service / kShutdownMarker));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(std::strtod(line.c_str(), nullptr));
  return out;
}

std::vector<double> lab::script_calls(const std::string& agent,
                                      const std::string& notify_type) const {
  std::vector<double> out;
  std::istringstream in(test::read_file(dir_ / agent / kCalls));
  for (std::string line; std::getline(in, line);) {
    auto f = split(line, '|', 4);
    if (f.size() == 4 && f[3] == notify_type) out.push_back(std::strtod(f[0].c_str(), nullptr));
  }
  return out;
}

const observer_log& lab::observed(const std::string& host) const {
  auto it = observers_.find(host);
  if (it == observers_.end())
    throw std::invalid_argument("no observer watches a broker on \"" + host + "\"");
  return *it->second;
}

std::string lab::log(const std::string& service) const {
  std::string out;
  for (const auto& p : services_.at(service).plan.processes)
    out += test::read_file(dir_ / service / (p.name + ".log"));
  return out;
}

std::string lab::agent_state_text(const std::string& agent) const {
  auto s = observer_ ? observer_->latest(std::string(kBaseTopic) + "/_agent/" + agent + "/state")
                     : std::nullopt;
  auto j = s ? nlohmann::json::parse(*s, nullptr, false) : nlohmann::json();
  return j.is_object() && j.contains("state_text") && j["state_text"].is_string()
             ? j["state_text"].get<std::string>()
             : std::string();
}

bool lab::agent_online(const std::string& agent) const {
  auto s = observer_ ? observer_->latest(std::string(kBaseTopic) + "/_agent/" + agent + "/state")
                     : std::nullopt;
  return s && s->find("\"online\":true") != std::string::npos;
}

void lab::start_observer(const std::string& host) {
  // The first broker's log keeps its name of a one-broker lab.
  const auto file = dir_ / (observers_.empty() ? "observer.log" : "observer-" + host + ".log");
  observers_[host] = std::make_unique<observer_log>(file);
  if (observer_ == nullptr) observer_ = observers_[host].get();
  observer_processes_[host] = std::make_unique<test::child_process>(
      lan_->in(host, {"mosquitto_sub", "-h", "127.0.0.1", "-p", std::to_string(kMqttPort), "-i",
                      "fault-matrix-observer", "-t", std::string(kBaseTopic) + "/#", "-F",
                      "%U\t%r\t%t\t%p"}),
      file);
}

void lab::wait_ready(const std::string& service) {
  const auto& spec = topology_.service(service);
  const auto& host = topology_.host_of(service).name;
  std::function<bool()> ready;
  if (const auto* n = std::get_if<nut_server_spec>(&spec)) {
    // Ready means writable: dummy-ups marks its variables writable a moment after upsd first
    // serves them, and the cells change the UPS with upsrw.
    const auto target = n->ups + "@127.0.0.1:" + std::to_string(kNutPort);
    ready = [&, target] {
      auto r = test::run(lan_->in(host, {"upsrw", target}), 5s);
      return r.status == 0 && r.output.find("ups.status") != std::string::npos;
    };
  } else if (const auto* broker = std::get_if<broker_spec>(&spec)) {
    ready = [&, broker] {
      if (test::run(
              lan_->in(host, {"mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(kMqttPort),
                              "-t", "fault-matrix/ready", "-m", "1"}),
              5s)
              .status != 0)
        return false;
      if (broker->join.empty()) return true;
      // A joining broker is ready once its link is up: mosquitto retains the link's state
      // (1: connected) on both sides.
      auto r = test::run(
          lan_->in(host, {"mosquitto_sub", "-h", "127.0.0.1", "-p", std::to_string(kMqttPort), "-t",
                          "$SYS/broker/connection/" + broker_link(host, broker->join) + "/state",
                          "-C", "1", "-W", "2"}),
          5s);
      return r.status == 0 && r.output.find('1') != std::string::npos;
    };
  } else if (const auto* b = std::get_if<bridge_spec>(&spec)) {
    ready = [&, b] {
      return observer_->latest("ups/_bridge/" + b->id + "/availability") == "online" &&
             observer_->latest("ups/" + b->ups_id + "/availability") == "online";
    };
  } else if (const auto* a = std::get_if<agent_spec>(&spec)) {
    ready = [&, a] { return agent_online(a->id); };
  } else if (const auto* u = std::get_if<upsmon_primary_spec>(&spec)) {
    const auto& server = topology_.host(u->server);
    std::string ups;
    for (const auto& svc : server.services)
      if (const auto* server_spec = std::get_if<nut_server_spec>(&svc)) ups = server_spec->ups;
    const auto target = ups + "@127.0.0.1:" + std::to_string(kNutPort);
    ready = [&, target, server_host = server.name] {
      auto r = test::run(lan_->in(server_host, {"upsc", "-c", target}), 5s);
      return r.status == 0 && r.output.find("127.0.0.1") != std::string::npos;
    };
  }
  if (!test::wait_until(ready, 30s, 100ms)) {
    throw std::runtime_error(service + " did not become ready within 30 s; its log:\n" +
                             log(service));
  }
}

}  // namespace nutmqtt::fault_matrix
