#include "node_red.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "support/listener.hpp"
#include "support/net.hpp"
#include "support/wait.hpp"

namespace nutmqtt::test {
namespace {

namespace http = boost::beast::http;
using json = nlohmann::json;

// Recorder name -> the node and output it taps.
struct tap {
  const char* name;
  const char* node;
  std::size_t output;
};
constexpr tap kTaps[] = {
    {"notifications", "nutmqtt.notify.once", 0}, {"not-news", "nutmqtt.notify.once", 1},
    {"status", "nutmqtt.status.changes", 0},     {"availability", "nutmqtt.avail.changes", 0},
    {"requests", "nutmqtt.cmd.request", 0},      {"results", "nutmqtt.cmd.match", 0},
};

std::filesystem::path install_node_red() {
  // Idempotent and quick once cached; the first run downloads the pinned packages.
  auto r =
      run({std::string(NUTMQTT_SOURCE_DIR) + "/tests/nodered/install"}, std::chrono::minutes(5));
  std::istringstream lines(r.output);
  std::string last;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) last = line;
  }
  if (r.status != 0 || !std::filesystem::exists(last + "/node_modules/node-red/red.js")) {
    throw std::runtime_error(
        "tests/nodered/install failed (npm and the npm registry are needed): " + r.output);
  }
  return last;
}

json& node_by_id(json& flows, const std::string& id) {
  for (auto& n : flows) {
    if (n["id"] == id) return n;
  }
  throw std::runtime_error("the example flows have no node " + id);
}

// The flows of examples/node-red, with the broker at `mqtt_port` and the recorders.
json test_flows(int mqtt_port, const std::filesystem::path& recorded_dir) {
  std::ifstream in(std::string(NUTMQTT_SOURCE_DIR) + "/examples/node-red/nutmqtt-flows.json");
  json flows = json::parse(in);
  auto& broker = node_by_id(flows, "nutmqtt-broker");
  broker["broker"] = "127.0.0.1";
  broker["port"] = std::to_string(mqtt_port);
  for (const auto& t : kTaps) {
    auto& tapped = node_by_id(flows, t.node);
    const std::string recorder = std::string("test.record.") + t.name;
    tapped["wires"][t.output].push_back(recorder);
    flows.push_back({{"id", recorder},
                     {"type", "function"},
                     {"z", tapped["z"]},
                     {"name", recorder},
                     {"func",
                      "return { payload: { topic: msg.topic, payload: msg.payload, "
                      "retain: msg.retain === true } };"},
                     {"outputs", 1},
                     {"x", 0},
                     {"y", 0},
                     {"wires", {{recorder + ".file"}}}});
    flows.push_back({{"id", recorder + ".file"},
                     {"type", "file"},
                     {"z", tapped["z"]},
                     {"name", ""},
                     {"filename", (recorded_dir / (std::string(t.name) + ".jsonl")).string()},
                     {"filenameType", "str"},
                     {"appendNewline", true},
                     {"createDir", true},
                     {"overwriteFile", "false"},
                     {"encoding", "none"},
                     {"x", 0},
                     {"y", 0},
                     {"wires", json::array({json::array()})}});
  }
  return flows;
}

}  // namespace

node_red::node_red(const temp_dir& dir, int mqtt_port)
    : home_(install_node_red()), user_dir_(dir / "node-red"), recorded_dir_(dir / "recorded") {
  std::filesystem::create_directories(user_dir_);
  std::ofstream(user_dir_ / "flows.json") << test_flows(mqtt_port, recorded_dir_).dump(2);
  start();
}

node_red::~node_red() {
  stop();
}

void node_red::start() {
  auto log = user_dir_.parent_path() / ("node-red-" + std::to_string(++starts_) + ".log");
  // Only this test talks to it, on the port read after each start: a port someone else took
  // meanwhile is simply another try.
  port_ = free_port();
  process_ = start_listening(
      "Node-RED", port_, true,
      [&](int port) {
        return std::make_unique<child_process>(
            std::vector<std::string>{
                "node", (home_ / "node_modules/node-red/red.js").string(), "--settings",
                std::string(NUTMQTT_SOURCE_DIR) + "/tests/nodered/settings.js", "--userDir",
                user_dir_.string(), "--port", std::to_string(port)},
            log);
      },
      {5, std::chrono::seconds(60)});
  bool up =
      wait_until([&] { return process_->log().find("Connected to broker") != std::string::npos; },
                 std::chrono::seconds(60), std::chrono::milliseconds(100));
  if (!up) throw std::runtime_error("Node-RED did not connect to the broker:\n" + process_->log());
}

void node_red::stop() {
  if (process_) process_->stop(std::chrono::seconds(10));
  process_.reset();
}

int node_red::inject(const std::string& node_id) {
  boost::asio::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)});
  http::request<http::empty_body> req{http::verb::post, "/inject/" + node_id, 11};
  req.set(http::field::host, "127.0.0.1");
  req.prepare_payload();
  http::write(stream, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return static_cast<int>(res.result_int());
}

std::vector<json> node_red::recorded(const std::string& name) const {
  std::vector<json> out;
  std::ifstream in(recorded_dir_ / (name + ".jsonl"));
  for (std::string line; std::getline(in, line);) {
    // The file node appends whole lines; a line still being written is read next time.
    auto j = json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

std::string node_red::log() const {
  std::string all;
  for (int i = 1; i <= starts_; ++i)
    all += read_file(user_dir_.parent_path() / ("node-red-" + std::to_string(i) + ".log"));
  return all;
}

}  // namespace nutmqtt::test
