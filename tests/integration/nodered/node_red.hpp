#pragma once
// A real Node-RED for a test (the version pinned by tests/nodered/package-lock.json, installed
// into a cache by tests/nodered/install), running the example flows of examples/node-red
// headless on a free loopback port against the test's own broker.
//
// The flows are the examples as a user imports them, with two changes: the broker node points
// at the test's broker, and the outputs under test also feed recorders, which append each
// message ({topic, payload, retain}) as a JSON line to <dir>/recorded/<name>.jsonl.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::test {

class node_red {
 public:
  node_red(const temp_dir& dir, int mqtt_port);
  ~node_red();

  // Starts Node-RED and waits until its broker node is connected.
  void start();
  // SIGTERM: Node-RED stops its flows, disconnects and writes its context to disk.
  void stop();
  // Triggers an inject node, as its button in the editor does (POST /inject/<id>).
  int inject(const std::string& node_id);
  // What the recorder `name` saw so far, in order.
  std::vector<nlohmann::json> recorded(const std::string& name) const;
  std::string log() const;

 private:
  std::filesystem::path home_;  // the cached install: <home>/node_modules/node-red
  std::filesystem::path user_dir_;
  std::filesystem::path recorded_dir_;
  int port_ = 0;
  std::unique_ptr<child_process> process_;
  int starts_ = 0;
};

}  // namespace nutmqtt::test
