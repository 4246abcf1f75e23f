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
    // The port to try first (0: a free one). Like a picked one, it is changed for a free one when
    // another process holds it at the first start, unless port() or url() was asked before.
    int port = 0;
  };

  mosquitto_broker() : mosquitto_broker(options{}) {}
  explicit mosquitto_broker(options opts);
  ~mosquitto_broker();

  // Once asked (or once the broker has run), the port is the broker's for good: restart() and a
  // deferred start() come back on it or fail saying who holds it.
  int port() const {
    port_fixed_ = true;
    return port_;
  }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port()); }
  const temp_dir& dir() const { return dir_; }

  // Returns once the listener on the port is this broker's own process (support/listener.hpp).
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
  void write_conf();
  int port_;
  mutable bool port_fixed_ = false;
  std::unique_ptr<child_process> process_;
};

}  // namespace nutmqtt::test
