#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "support/daemon_process.hpp"
#include "support/doctest_listener.hpp"
#include "support/temp_dir.hpp"

namespace {

// Tells temp_dir whether the running test case has failed, so that a failed test prints the
// logs of the servers and daemons it started before their directory is removed: a failure on
// CI can then be read from the test output alone.
struct failure_listener : nutmqtt::test::quiet_listener {
  using quiet_listener::quiet_listener;
  void test_case_start(const doctest::TestCaseData&) override {
    nutmqtt::test::set_test_failed(false);
  }
  void test_case_exception(const doctest::TestCaseException&) override {
    nutmqtt::test::set_test_failed(true);
  }
  void log_assert(const doctest::AssertData& a) override {
    if (a.m_failed) nutmqtt::test::set_test_failed(true);
  }
  // FAIL_CHECK and FAIL arrive as messages; MESSAGE and WARN are not failures.
  void log_message(const doctest::MessageData& m) override {
    if ((m.m_severity & (doctest::assertType::is_check | doctest::assertType::is_require)) != 0)
      nutmqtt::test::set_test_failed(true);
  }
};

REGISTER_LISTENER("nutmqtt-failure-logs", 1, failure_listener);

// A daemon a test stopped that did not drain fails the test, whatever the test checks.
[[maybe_unused]] const bool undrained_fails = [] {
  nutmqtt::test::on_undrained_daemon([](const std::string& name) {
    FAIL_CHECK("the daemon `" << name << "` did not drain when stopped (see its log)");
  });
  return true;
}();

}  // namespace
