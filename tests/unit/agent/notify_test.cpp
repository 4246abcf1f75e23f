// upsmon's notifications as the agent gives them: the wording (notify.messages and the second
// %s of ALARM and OTHER), the flags, and NOTIFYCMD's argv and environment.

#include <algorithm>

#include <doctest/doctest.h>

#include "shutdown-agent/notify/notifier.hpp"
#include "shutdown-agent/notify/notify_details.hpp"
#include "shutdown-agent/notify/notify_settings.hpp"

using namespace nutmqtt::agent;

TEST_CASE("notify flags read and written as upsmon.conf writes them") {
  std::string why;
  CHECK(parse_notify_flags("SYSLOG", why) == kNotifySyslog);
  CHECK(parse_notify_flags("SYSLOG+WALL+EXEC", why) == (kNotifySyslog | kNotifyWall | kNotifyExec));
  CHECK(parse_notify_flags("IGNORE", why) == kNotifyIgnore);
  CHECK_FALSE(parse_notify_flags("syslog", why));
  CHECK(why.find("\"syslog\" is not a notify flag") != std::string::npos);
  CHECK_FALSE(parse_notify_flags("SYSLOG+", why));
  CHECK_FALSE(parse_notify_flags("WALL+IGNORE", why));
  CHECK(format_notify_flags(kNotifySyslog | kNotifyExec) == "SYSLOG+EXEC");
  CHECK(format_notify_flags(kNotifyIgnore) == "IGNORE");
}

TEST_CASE("the wording: notify.messages, else upsmon's, with ALARM's and OTHER's detail") {
  notify_settings s;
  CHECK(s.message("ONBATT", "nas") == "UPS nas on battery");
  CHECK(s.message("ALARM", "nas") == "UPS nas: one or more active alarms: [n/a]");
  CHECK(s.message("ALARM", "nas", "Fan failure") ==
        "UPS nas: one or more active alarms: [Fan failure]");
  CHECK(s.message("OTHER", "nas", "FOO BAR") ==
        "UPS nas: has at least one unclassified status token: [FOO BAR]");
  CHECK(s.message("SHUTDOWN", "") == "Auto logout and shutdown proceeding");
  s.messages["ONBATT"] = "Power cut! %s runs on battery (100%% of the time)";
  s.messages["ALARM"] = "%s: %s";
  CHECK(s.message("ONBATT", "nas") == "Power cut! nas runs on battery (100% of the time)");
  CHECK(s.message("ALARM", "nas", "line1\nline2") == "nas: line1 line2");
  CHECK(s.message("ONLINE", "nas") == "UPS nas on line power");
}

TEST_CASE("the detail is the last state's ups.alarm and its unknown tokens") {
  notify_details d;
  CHECK(d.detail("ALARM", "nas").empty());
  d.on_state("nas", {"OL", "ALARM", "FOO"}, {{"ups.alarm", "Replace battery"}});
  CHECK(d.detail("ALARM", "nas") == "Replace battery");
  CHECK(d.detail("OTHER", "nas") == "FOO");
  CHECK(d.detail("ONBATT", "nas").empty());
  d.on_status("nas", "OB FOO BAR LB");
  CHECK(d.detail("OTHER", "nas") == "FOO BAR");
  // A state listing no variables keeps the alarm text; one listing others has none.
  d.on_state("nas", {"OL"}, {});
  CHECK(d.detail("ALARM", "nas") == "Replace battery");
  CHECK(d.detail("OTHER", "nas").empty());
  d.on_state("nas", {"OL"}, {{"battery.charge", "100"}});
  CHECK(d.detail("ALARM", "nas").empty());
  d.on_state("rack", {"OL"}, {{"ups.alarm", std::string(1000, 'x')}});
  CHECK(d.detail("ALARM", "rack").size() == 256);
}

TEST_CASE("NOTIFYCMD: argv plus the message as its one last argument, upsmon's environment") {
  notify_settings s;
  s.command = {"/usr/local/bin/notify-me", "--channel", "ups"};
  const notify_event e{"ONBATT", "nas", "ignored"};
  auto p =
      notify_command_request(s, e, "UPS nas on battery; rm -rf / $(id)", std::chrono::seconds(60));
  CHECK(p.argv == std::vector<std::string>{"/usr/local/bin/notify-me", "--channel", "ups",
                                           "UPS nas on battery; rm -rf / $(id)"});
  auto has = [&](const std::string& v) {
    return std::find(p.env.begin(), p.env.end(), v) != p.env.end();
  };
  CHECK(has("NOTIFYTYPE=ONBATT"));
  CHECK(has("UPSNAME=nas"));
  CHECK(p.timeout == std::chrono::seconds(60));
}
