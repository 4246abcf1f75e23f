#include "support/mosquitto_broker.hpp"

#include <stdexcept>
#include <unistd.h>

#include "support/listener.hpp"
#include "support/net.hpp"

namespace nutmqtt::test {

mosquitto_broker::mosquitto_broker(options opts)
    : opts_(std::move(opts)), port_(opts_.port > 0 ? opts_.port : free_port()) {
  write_conf();
  if (opts_.start) start();
}

mosquitto_broker::~mosquitto_broker() {
  stop();
}

void mosquitto_broker::write_conf() {
  std::string conf = "listener " + std::to_string(port_) + " 127.0.0.1\nallow_anonymous " +
                     (opts_.allow_anonymous ? "true" : "false") + "\n";
  // As root, mosquitto would drop to user mosquitto and fail to write into our directory.
  if (::geteuid() == 0) conf += "user root\n";
  if (opts_.persistence) {
    conf += "persistence true\npersistence_location " + dir_.path().string() + "/\n";
  }
  conf += "log_dest stderr\nlog_type all\n" + opts_.extra_conf;
  dir_.write("mosquitto.conf", conf);
}

void mosquitto_broker::start() {
  // Listening, and the listener is this process: not another's that took the port meanwhile.
  process_ = start_listening("mosquitto", port_, !port_fixed_, [&](int port) {
    port_ = port;
    write_conf();
    return std::make_unique<child_process>(
        std::vector<std::string>{"mosquitto", "-c", (dir_ / "mosquitto.conf").string()},
        dir_ / "mosquitto.log");
  });
  port_fixed_ = true;
}

void mosquitto_broker::stop() {
  if (process_) process_->stop();
  process_.reset();
}

bool mosquitto_broker::running() {
  return process_ && process_->running();
}

}  // namespace nutmqtt::test
