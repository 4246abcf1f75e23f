#include "common/logging.hpp"

#include <cstdlib>
#include <memory>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "common/config_reader.hpp"

namespace nutmqtt::common {
namespace {

// The names of the log levels, the same on both daemons' command line and in their `log.level`.
// `warn` is spdlog's own name for `warning`, accepted too.
constexpr choice<spdlog::level::level_enum> kLevels[] = {
    {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
    {"info", spdlog::level::info},   {"warning", spdlog::level::warn},
    {"warn", spdlog::level::warn},   {"error", spdlog::level::err},
    {"off", spdlog::level::off}};

// "<N>" in front of each line tells journald the syslog priority of the line.
class syslog_priority_flag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    static constexpr const char* kPrefix[] = {"<7>", "<7>", "<6>", "<4>", "<3>", "<2>", "<6>"};
    std::string_view p = kPrefix[static_cast<int>(msg.level)];
    dest.append(p.data(), p.data() + p.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<syslog_priority_flag>();
  }
};

}  // namespace

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view name) {
  for (const auto& [text, level] : kLevels) {
    if (text == name) return level;
  }
  return std::nullopt;
}

std::string log_level_names() {
  return "trace, debug, info, warning (or warn), error or off";
}

void read_log_settings(map_reader& root, log_settings& out) {
  auto section = root.map("log");
  if (!section) return;
  section->read<spdlog::level::level_enum>("level", out.level, kLevels);
  section->finish();
}

void init_logging() {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("nutmqtt", sink);
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (std::getenv("JOURNAL_STREAM") != nullptr) {
    formatter->add_flag<syslog_priority_flag>('*').set_pattern("%*%v");
  } else {
    formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
  }
  logger->set_formatter(std::move(formatter));
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
}

void set_log_level(spdlog::level::level_enum level) {
  spdlog::set_level(level);
}

}  // namespace nutmqtt::common
