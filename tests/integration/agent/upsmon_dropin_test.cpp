// The agent as a drop-in for upsmon + upssched of NUT 2.8.5, through the whole chain (upsd +
// dummy-ups, nutmqtt-bridge, mosquitto, the agent): shared timers and matched cancels,
// --list-timers, NOTIFYCMD; and --import-upsmon on real files.

#include <doctest/doctest.h>

#include "e2e_fixture.hpp"
#include "support/child_process.hpp"

using namespace nutmqtt::test;

namespace {

std::string agent_binary() {
  return program_path("nutmqtt-shutdown-agent");
}

// Two UPSes on one upsd, published as `nas` and `rack`, both feeding the agent's host.
class two_ups_chain {
 public:
  explicit two_ups_chain(agent_options a)
      : nut_(two_ups()),
        bridge_((nut_.start(), bridge_dir_), "bridge", "nutmqtt-bridge",
                bridge_header(broker_.port(), "home") + "nut:\n" + servers()) {
    a.monitor = "[ { ups: nas, power_value: 1 }, { ups: rack, power_value: 1 } ]";
    a.probe_filters = {"ups/#"};
    agent_ = std::make_unique<agent_fixture>(broker_, std::move(a));
    REQUIRE(
        wait_until([&] { return agent_->agent_state()["state_text"] == "On line power"; }, 20s));
  }

  void set_status(const std::string& ups, const std::string& status) {
    nut_.set_var(ups == "nas" ? "dummy" : "dummy2", "ups.status", status);
  }
  agent_fixture& agent() { return *agent_; }
  std::vector<std::string> list_timers() {
    auto r = run({agent_binary(), "--list-timers"}, 20s,
                 {{"NUTMQTT_CONTROL_SOCKET", agent_->socket_path()}});
    REQUIRE(r.status == 0);
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < r.output.size();) {
      const auto end = std::min(r.output.find('\n', start), r.output.size());
      if (end > start) lines.push_back(r.output.substr(start, end - start));
      start = end + 1;
    }
    return lines;
  }

 private:
  static nut_server::options two_ups() {
    nut_server::options o;
    o.ups.push_back(dummy_ups{"dummy", simple_dev(), "NAS UPS"});
    o.ups.push_back(dummy_ups{"dummy2", simple_dev(), "Rack UPS"});
    return o;
  }
  std::string servers() const {
    return fmt::format(R"(  - host: 127.0.0.1
    port: {}
    ups: [ {{ name: dummy, id: nas }}, {{ name: dummy2, id: rack }} ]
)",
                       nut_.port());
  }

  mosquitto_broker broker_;
  temp_dir bridge_dir_;
  nut_server nut_;
  daemon_process bridge_;
  std::unique_ptr<agent_fixture> agent_;
};

}  // namespace

TEST_CASE("upssched 2.8.5: a shared timer joined by a second UPS runs its script once, for both") {
  agent_options o;
  o.rules = R"(
  - { at: ONBATT, ups: "*", start_timer_shared: power-off, after: 5s }
)";
  two_ups_chain c(o);
  auto& a = c.agent();
  c.set_status("nas", "OB DISCHRG");
  REQUIRE(a.wait_for_action("timer_started", "ups", "nas"));
  c.set_status("rack", "OB DISCHRG");
  REQUIRE(a.wait_for_action("timer_joined", "ups", "rack"));
  // upssched -l's columns: name, deadline, seconds left, types, UPSes, messages.
  const auto listed = c.list_timers();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].starts_with("power-off\t"));
  CHECK(listed[0].ends_with("\tONBATT\tnas,rack\tUPS nas on battery.\tUPS rack on battery"));
  CHECK(a.agent_state()["timers"][0]["upses"] == nlohmann::json::array({"nas", "rack"}));
  REQUIRE(a.wait_for_call("power-off|"));
  CHECK(a.wait_for_action("script_finished", "argument", "power-off"));
  REQUIRE(a.calls_starting("power-off|") == 1);
  CHECK(a.calls()[0] ==
        "power-off|nas,rack|ONBATT|UPS nas on battery.\tUPS rack on battery|" + a.socket_path());
  CHECK(c.list_timers().empty());
}

TEST_CASE("upssched 2.8.5: CANCEL-TIMER-MATCHED leaves a timer another UPS started running") {
  agent_options o;
  o.rules = R"(
  - { at: ONBATT, ups: nas,  start_timer_shared: power-off, after: 60s }
  - { at: ONBATT, ups: rack, cancel_timer_matched: power-off, else_execute: kept }
  - { at: ONLINE, ups: "*",  cancel_timer_matched: power-off, else_execute: online-kept }
  - { at: ONLINE, ups: "*",  cancel_timer: power-off }
)";
  two_ups_chain c(o);
  auto& a = c.agent();
  c.set_status("nas", "OB DISCHRG");
  REQUIRE(a.wait_for_action("timer_started", "ups", "nas"));
  // rack's ONBATT is a type that started it, but rack is not a UPS that did: kept.
  c.set_status("rack", "OB DISCHRG");
  REQUIRE(a.wait_for_call("kept|rack|ONBATT|"));
  CHECK(a.wait_for_action("timer_kept", "ups", "rack"));
  // ONLINE never started it: the matched cancel keeps it, the plain one after it cancels.
  c.set_status("nas", "OL");
  REQUIRE(a.wait_for_call("online-kept|nas|ONLINE|"));
  CHECK(a.wait_for_action("timer_cancelled", "ups", "nas"));
  CHECK(c.list_timers().empty());
}

TEST_CASE("NOTIFYCMD runs for the types whose flags have EXEC, with upsmon's argument and env") {
  temp_dir tools;
  // One line per run, written at once: NOTIFYTYPE|UPSNAME|[arg][arg]...
  auto notify = tools.write("notify-cmd",
                            "#!/bin/sh\n"
                            "line=\"$NOTIFYTYPE|$UPSNAME|\"\n"
                            "for a in \"$@\"; do line=\"$line[$a]\"; done\n"
                            "printf '%s\\n' \"$line\" >> \"$(dirname \"$0\")/notified\"\n",
                            std::filesystem::perms::owner_all);
  auto o = chain_options();
  o.dev = dev_text({{"ups.status", "OL"}, {"ups.alarm", "none"}, {"battery.charge", "100"}});
  o.agent.rules = R"(
  - { at: ONBATT, ups: "*", execute: onbatt }
)";
  o.agent.notify = fmt::format(R"({{ syslog: false,
    messages: {{ ONBATT: "Power cut: %s runs on battery", ALARM: "%s alarm: %s" }},
    flags: {{ ONBATT: EXEC, ONLINE: EXEC, ALARM: EXEC }},
    command: ["{}", --tag, "two words"] }})",
                               notify.string());
  chain_fixture c(o);
  auto& a = c.agent();
  auto notified = [&] { return read_file(tools.path() / "notified"); };
  auto lines = [&] {
    const auto text = notified();
    return std::count(text.begin(), text.end(), '\n');
  };
  c.set_status("OB DISCHRG");
  REQUIRE(wait_until([&] { return lines() == 1; }, 15s));
  CHECK(notified() == "ONBATT|nas|[--tag][two words][Power cut: nas runs on battery]\n");
  // CMDSCRIPT's NOTIFYMSG is the same wording.
  REQUIRE(a.wait_for_call("onbatt|nas|ONBATT|Power cut: nas runs on battery|"));
  c.nut().set_var("dummy", "ups.alarm", "Fan failure");
  c.set_status("OL ALARM");
  REQUIRE(wait_until([&] { return lines() == 3; }, 15s));
  const std::string text = notified();
  CHECK(text.find("ONLINE|nas|[--tag][two words][UPS nas on line power]\n") != std::string::npos);
  CHECK(text.find("ALARM|nas|[--tag][two words][nas alarm: Fan failure]\n") != std::string::npos);
  // NOTALARM, NOTOFF...: no EXEC in their flags; nothing more ran.
  std::this_thread::sleep_for(1s);
  CHECK(lines() == 3);
}

TEST_CASE("--list-timers with no agent running says so and exits 1") {
  temp_dir dir;
  auto r = run({agent_binary(), "--list-timers"}, 20s,
               {{"NUTMQTT_CONTROL_SOCKET", (dir.path() / "none.sock").string()}});
  CHECK(r.status == 1);
  CHECK(r.output.find("no nutmqtt-shutdown-agent is running") != std::string::npos);
}

TEST_CASE("--import-upsmon on real files prints a configuration --check-config accepts") {
  temp_dir dir;
  // The programs the files name, made to exist here.
  auto script = dir.write("upssched-cmd", "#!/bin/sh\n", std::filesystem::perms::owner_all);
  auto halt = dir.write("shutdown", "#!/bin/sh\n", std::filesystem::perms::owner_all);
  auto notify = dir.write("notify-me", "#!/bin/sh\n", std::filesystem::perms::owner_all);
  auto local = [&](std::string text) {
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"/etc/nut/upssched-cmd", script.string()},
          {"/sbin/shutdown", halt.string()},
          {"/usr/local/bin/notify-me", notify.string()}}) {
      for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at))
        text.replace(at, from.size(), to);
    }
    return text;
  };
  for (const std::string name : {"seed", "every-directive"}) {
    CAPTURE(name);
    auto upsmon =
        dir.write(name + "-upsmon.conf", local(fixture("upsmon/" + name + "-upsmon.conf")));
    auto upssched =
        dir.write(name + "-upssched.conf", local(fixture("upsmon/" + name + "-upssched.conf")));
    auto r = run(
        {agent_binary(), "--import-upsmon", upsmon.string(), "--upssched", upssched.string()}, 20s);
    REQUIRE(r.status == 0);
    // The output passes --check-config as it is (stderr's warnings aside, in the same capture).
    std::string yaml;
    for (std::size_t start = 0; start < r.output.size();) {
      const auto end = std::min(r.output.find('\n', start), r.output.size());
      const std::string line = r.output.substr(start, end - start);
      start = end + 1;
      if (!line.starts_with("warning: ")) yaml += line + "\n";
    }
    auto config = dir.write(name + ".yaml", yaml);
    auto check = run({agent_binary(), "-c", config.string(), "--check-config"}, 20s);
    CHECK(check.status == 0);
    CHECK(check.output.find("secret") == std::string::npos);
  }
}

TEST_CASE("--import-upsmon of a file upsmon could not use exits 2 naming the file and line") {
  temp_dir dir;
  auto upsmon = dir.write("upsmon.conf", "MONITOR ups@nas 1 monuser secret slave\nDEADTIME soon\n");
  auto r = run({agent_binary(), "--import-upsmon", upsmon.string()}, 20s);
  CHECK(r.status == 2);
  CHECK(r.output.find(upsmon.string() + ":2:10: DEADTIME needs a whole number") !=
        std::string::npos);
  auto missing = run({agent_binary(), "--import-upsmon", (dir.path() / "nope").string()}, 20s);
  CHECK(missing.status == 2);
  CHECK(missing.output.find("cannot open the upsmon.conf to import") != std::string::npos);
  auto no_import = run({agent_binary(), "--upssched", upsmon.string()}, 20s);
  CHECK(no_import.status == 2);
}
