#include "shutdown-agent/notify/notify_details.hpp"

#include "common/ups_status.hpp"

namespace nutmqtt::agent {
namespace {

// A message is one line of a log or a terminal: a driver's long alarm text is cut.
constexpr std::size_t kMaxDetail = 256;

std::string unknown_tokens(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    if (!common::is_known_token(t)) out += (out.empty() ? "" : " ") + t;
  }
  return out.substr(0, kMaxDetail);
}

}  // namespace

void notify_details::on_state(const std::string& ups, const std::vector<std::string>& tokens,
                              const std::map<std::string, std::string>& vars) {
  auto& k = upses_[ups];
  k.unknown_tokens = unknown_tokens(tokens);
  if (vars.empty()) return;
  auto alarm = vars.find("ups.alarm");
  k.alarm = alarm == vars.end() ? std::string() : alarm->second.substr(0, kMaxDetail);
}

void notify_details::on_status(const std::string& ups, std::string_view status) {
  upses_[ups].unknown_tokens = unknown_tokens(common::split_status(status));
}

std::string notify_details::detail(std::string_view type, const std::string& ups) const {
  auto it = upses_.find(ups);
  if (it == upses_.end()) return {};
  if (type == "ALARM") return it->second.alarm;
  if (type == "OTHER") return it->second.unknown_tokens;
  return {};
}

}  // namespace nutmqtt::agent
