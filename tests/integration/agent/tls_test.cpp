// The agent to its broker over TLS: it connects to a broker it can verify and refuses one it
// cannot (the agent leaves OpenSSL's initialization to OpenSSL itself, see main.cpp).

#include <doctest/doctest.h>

#include "support/child_process.hpp"
#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/wait.hpp"

using namespace nutmqtt::test;

namespace {

void openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run(argv, 60s);
  REQUIRE_MESSAGE(r.status == 0, r.output);
}

// A CA, a certificate for 127.0.0.1 signed by it, and a second CA that signed nothing.
void make_certificates(const temp_dir& d) {
  auto p = [&](const char* name) { return (d / name).string(); };
  openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p("ca.key"), "-out",
           p("ca.crt"), "-days", "2", "-subj", "/CN=nutmqtt test CA"});
  openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p("other.key"), "-out",
           p("other.crt"), "-days", "2", "-subj", "/CN=another CA"});
  openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", p("server.key"), "-out",
           p("server.csr"), "-subj", "/CN=127.0.0.1"});
  d.write("ext.cnf", "subjectAltName=IP:127.0.0.1\n");
  openssl({"x509", "-req", "-in", p("server.csr"), "-CA", p("ca.crt"), "-CAkey", p("ca.key"),
           "-CAcreateserial", "-out", p("server.crt"), "-days", "2", "-extfile", p("ext.cnf")});
}

std::string agent_config(const mosquitto_broker& broker, const temp_dir& d, const char* ca) {
  return "agent: { id: tlshost }\n"
         "mqtt: { url: \"mqtts://127.0.0.1:" +
         std::to_string(broker.port()) + "\", tls: { ca_file: " + (d / ca).string() +
         " } }\n"
         "shutdown: { command: [/bin/true] }\n"
         "notify: { syslog: false }\n"
         "control_socket: " +
         (d / "run/agent.sock").string() + "\n";
}

}  // namespace

TEST_CASE("TLS: the agent connects to a broker it can verify and refuses one it cannot") {
  temp_dir certs;
  make_certificates(certs);
  mosquitto_broker::options o;
  // These apply to the listener above them in mosquitto.conf.
  o.extra_conf = "cafile " + (certs / "ca.crt").string() + "\ncertfile " +
                 (certs / "server.crt").string() + "\nkeyfile " + (certs / "server.key").string() +
                 "\n";
  mosquitto_broker broker(o);
  temp_dir good_dir;
  daemon_process good(good_dir, "agent", "nutmqtt-shutdown-agent",
                      agent_config(broker, certs, "ca.crt"));
  CHECK(good.wait_for_log("connected to the MQTT broker at ssl://127.0.0.1", 20s));
  good.stop();
  temp_dir bad_dir;
  daemon_process bad(bad_dir, "agent", "nutmqtt-shutdown-agent",
                     agent_config(broker, certs, "other.crt"));
  CHECK(bad.wait_for_log("TLS handshake failed", 20s));
  CHECK(bad.count_in_log("connected to the MQTT broker") == 0);
}
