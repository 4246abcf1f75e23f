#pragma once
// A real mosquitto for a test, on a free loopback port with a config file of its own.

#include <memory>
#include <string>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::test {

class mosquitto_broker {
 public:
  struct options {
    // Keep retained messages and persistent sessions across restart() (a persistence file).
    bool persistence = false;
    // false: clients must log in (with password_file and acl_file lines in extra_conf).
    bool allow_anonymous = true;
    std::string extra_conf;
    bool start = true;
  };

  mosquitto_broker() : mosquitto_broker(options{}) {}
  explicit mosquitto_broker(options opts);
  ~mosquitto_broker();

  int port() const { return port_; }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  const temp_dir& dir() const { return dir_; }

  void start();
  void stop();
  void restart() {
    stop();
    start();
  }
  bool running();

 private:
  options opts_;
  temp_dir dir_;
  int port_;
  std::unique_ptr<child_process> process_;
};

}  // namespace nutmqtt::test
