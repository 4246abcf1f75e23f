#include "bridge/ups/ups_capabilities.hpp"

#include <algorithm>
#include <charconv>
#include <memory>

#include "bridge/nut/nut_replies.hpp"

namespace nutmqtt::bridge {
namespace {

std::optional<double> to_number(const std::string& text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

bool contains(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// The fetch's state, shared by the callbacks of its requests.
struct fetch {
  server_poller& server;
  std::string ups;
  command_policy policy;
  std::function<void(std::optional<ups_capabilities>)> done;
  ups_capabilities result;
  std::size_t outstanding = 0;
  bool failed = false;

  void finish_one() {
    if (--outstanding > 0) return;
    std::sort(result.writables.begin(), result.writables.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    if (failed) {
      done(std::nullopt);
    } else {
      done(std::move(result));
    }
  }
};

void type_writable(const std::shared_ptr<fetch>& f, const std::string& var) {
  ++f->outstanding;
  f->server.execute(nut::get_type(f->ups, var), [f, var](const nut_result& r) {
    if (!r.delivered) f->failed = true;
    auto type = r.delivered ? nut::read_type(r.reply) : std::nullopt;
    if (!type || !type->rw) return f->finish_one();
    if (!type->enumerated && !type->ranged) {
      f->result.writables.push_back(describe_writable(var, *type, {}, {}));
      return f->finish_one();
    }
    auto request = type->enumerated ? nut::list_enum(f->ups, var) : nut::list_range(f->ups, var);
    f->server.execute(std::move(request), [f, var, t = *type](const nut_result& l) {
      if (!l.delivered) f->failed = true;
      std::vector<std::string> values;
      std::vector<std::pair<std::string, std::string>> ranges;
      if (l.delivered && t.enumerated) values = nut::read_enum_list(l.reply).value_or(values);
      if (l.delivered && !t.enumerated) ranges = nut::read_range_list(l.reply).value_or(ranges);
      f->result.writables.push_back(describe_writable(var, t, values, ranges));
      f->finish_one();
    });
  });
}

}  // namespace

ha::writable_variable describe_writable(
    const std::string& name, const nut::var_type& type, const std::vector<std::string>& enum_values,
    const std::vector<std::pair<std::string, std::string>>& ranges) {
  ha::writable_variable w;
  w.name = name;
  w.max_length = type.string_length;
  if (type.enumerated) {
    w.type = ha::writable_variable::kind::enumeration;
    w.options = enum_values;
  } else if (type.ranged) {
    w.type = ha::writable_variable::kind::range;
    // Several ranges (upsd allows it) are offered as their overall span.
    for (const auto& [lo, hi] : ranges) {
      auto a = to_number(lo), b = to_number(hi);
      if (a && (!w.min || *a < *w.min)) w.min = a;
      if (b && (!w.max || *b > *w.max)) w.max = b;
    }
  } else if (type.number) {
    w.type = ha::writable_variable::kind::number;
  } else {
    w.type = ha::writable_variable::kind::string;
  }
  return w;
}

void fetch_capabilities(server_poller& server, const std::string& nut_name,
                        const command_policy& policy,
                        std::function<void(std::optional<ups_capabilities>)> done) {
  auto f = std::make_shared<fetch>(fetch{server, nut_name, policy, std::move(done), {}, 1, false});
  ++f->outstanding;
  server.execute(nut::get_upsdesc(nut_name), [f](const nut_result& r) {
    if (!r.delivered) f->failed = true;
    if (r.delivered) f->result.description = nut::read_upsdesc(r.reply).value_or("");
    f->finish_one();
  });
  if (!policy.instcmd.empty()) {
    ++f->outstanding;
    server.execute(nut::list_cmd(nut_name), [f](const nut_result& r) {
      if (!r.delivered) f->failed = true;
      auto listed = r.delivered ? nut::read_cmd_list(r.reply) : std::nullopt;
      for (const auto& c : listed.value_or(std::vector<std::string>{})) {
        if (contains(f->policy.instcmd, c)) f->result.commands.push_back(c);
      }
      f->finish_one();
    });
  }
  if (!policy.set.empty()) {
    ++f->outstanding;
    server.execute(nut::list_rw(nut_name), [f](const nut_result& r) {
      if (!r.delivered) f->failed = true;
      auto rw = r.delivered ? nut::read_var_list(r.reply) : std::nullopt;
      if (rw) {
        for (const auto& [var, value] : *rw) {
          if (contains(f->policy.set, var)) type_writable(f, var);
        }
      }
      f->finish_one();
    });
  }
  f->finish_one();  // the initial count of one keeps `done` from running while requests are sent
}

}  // namespace nutmqtt::bridge
