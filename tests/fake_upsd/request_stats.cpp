#include "fake_upsd/request_stats.hpp"

#include "common/secret.hpp"
#include "fake_upsd/reply_format.hpp"

namespace nutmqtt::fake_upsd {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool needs_quotes(std::string_view word) {
  return word.empty() || word.find_first_of(" \t\"\\#=") != std::string_view::npos;
}

}  // namespace

std::string request_kind(const request& r) {
  if (r.malformed) return "(malformed)";
  if (r.words.empty()) return "(empty)";
  auto kind = upper(r.words[0]);
  // These take a sub-command; counting them apart is what makes the counts useful.
  if ((kind == "GET" || kind == "LIST" || kind == "SET") && r.words.size() > 1) {
    kind += " " + upper(r.words[1]);
  }
  return kind;
}

std::string request_line(const request& r) {
  if (r.malformed) return "(malformed)";
  std::string line;
  const bool is_password = !r.words.empty() && upper(r.words[0]) == "PASSWORD";
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    if (i > 0) line.push_back(' ');
    if (is_password && i > 0) {
      line += common::secret::kMask;
    } else {
      line += needs_quotes(r.words[i]) ? quoted(r.words[i]) : r.words[i];
    }
  }
  return line;
}

void request_stats::record(const request& r) {
  ++total_;
  ++counts_[request_kind(r)];
  if (log_limit_ == 0) return;
  if (log_.size() == log_limit_) log_.pop_front();
  log_.push_back(request_line(r));
}

void request_stats::reset() {
  connections_ = 0;
  total_ = 0;
  counts_.clear();
  log_.clear();
}

std::uint64_t request_stats::count(std::string_view kind) const {
  auto it = counts_.find(kind);
  return it == counts_.end() ? 0 : it->second;
}

}  // namespace nutmqtt::fake_upsd
