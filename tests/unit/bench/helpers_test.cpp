// The small parsers of the harness: the fake upsd's LISTEN lines, version strings, the CPU model,
// upsmon's configuration.

#include <doctest/doctest.h>

#include "bench/fake_upsd_program.hpp"
#include "bench/machine.hpp"
#include "bench/upsmon_watcher.hpp"

using namespace nutmqtt::bench;

TEST_CASE("the fake upsd's LISTEN lines give the ports to watch") {
  auto l = parse_listen_line("LISTEN 127.0.0.1:40827 ups=ups0001..ups0100");
  REQUIRE(l);
  CHECK(l->host == "127.0.0.1");
  CHECK(l->port == 40827);
  CHECK(parse_listen_line("LISTEN [::1]:3493 ups=a..b")->port == 3493);
  CHECK_FALSE(parse_listen_line("listening on 127.0.0.1:1"));
  CHECK_FALSE(parse_listen_line("LISTEN 127.0.0.1:0 ups=a..b"));
  CHECK_FALSE(parse_listen_line("LISTEN 127.0.0.1:99999 ups=a..b"));
  CHECK_FALSE(parse_listen_line("LISTEN 127.0.0.1:80x ups=a..b"));
}

TEST_CASE("versions are the last word of a program's first line, the CPU its model name") {
  CHECK(version_word("Network UPS Tools upsd 2.8.0\nmore\n") == "2.8.0");
  CHECK(version_word("mosquitto version 2.0.11\n\nUsage: ...") == "2.0.11");
  CHECK(version_word("") == "");
  CHECK(cpu_model("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n") ==
        "AMD EPYC 7B13");
  CHECK(cpu_model("processor\t: 0\n") == "unknown");
}

TEST_CASE("upsmon runs as a netclient with NUT's defaults and hands both events to upssched") {
  auto f = upsmon_configuration("dummy@127.0.0.1:3493", "monuser", "secret", "/tmp/x", "/tmp/x/cmd",
                                "/tmp/x/marker upsmon");
  CHECK(f.upsmon_conf.find("MONITOR dummy@127.0.0.1:3493 1 monuser secret secondary\n") !=
        std::string::npos);
  CHECK(f.upsmon_conf.find("NOTIFYCMD /usr/sbin/upssched\n") != std::string::npos);
  CHECK(f.upsmon_conf.find("NOTIFYFLAG ONBATT EXEC\n") != std::string::npos);
  CHECK(f.upsmon_conf.find("NOTIFYFLAG ONLINE EXEC\n") != std::string::npos);
  CHECK(f.upsmon_conf.find("SHUTDOWNCMD \"/tmp/x/marker upsmon\"\n") != std::string::npos);
  // NUT's defaults: no interval is set.
  CHECK(f.upsmon_conf.find("POLLFREQ") == std::string::npos);
  CHECK(f.upsmon_conf.find("DEADTIME") == std::string::npos);
  CHECK(f.upssched_conf.find("CMDSCRIPT /tmp/x/cmd\n") == 0);
  CHECK(f.upssched_conf.find("AT ONBATT * EXECUTE onbatt\n") != std::string::npos);
  CHECK(f.upssched_conf.find("AT ONLINE * EXECUTE online\n") != std::string::npos);
}
