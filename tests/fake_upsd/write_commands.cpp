// SET and INSTCMD: the commands that change a UPS (upsd's netset.c and netinstcmd.c behaviour;
// the change a driver would make happens here at once).

#include <algorithm>
#include <charconv>

#include "fake_upsd/command_context.hpp"

namespace nutmqtt::fake_upsd::detail {
namespace {

// C's atoi(), which upsd uses to check a RANGE: leading digits, 0 when there are none.
int leading_int(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  return value;
}

// The reason upsd would refuse `value` for `v`, or "" when it is acceptable.
std::string_view refusal(const variable& v, const std::string& value) {
  if (!v.writable) return "READONLY";
  if (v.string_length && value.size() > *v.string_length) return "TOO-LONG";
  if (value.size() > kMaxValueLength) return "TOO-LONG";
  if (!v.enum_values.empty() &&
      std::find(v.enum_values.begin(), v.enum_values.end(), value) == v.enum_values.end()) {
    return "INVALID-VALUE";
  }
  if (!v.ranges.empty()) {
    const int n = leading_int(value);
    bool inside = false;
    for (const auto& [lo, hi] : v.ranges)
      inside = inside || (n >= lo && n <= hi);
    if (!inside) return "INVALID-VALUE";
  }
  return {};
}

void ok_or_tracking(command_context& ctx) {
  if (ctx.conn.tracking) return ctx.line("OK TRACKING " + ctx.state.new_tracking_id());
  ctx.line("OK");
}

void set_var(command_context& ctx, const std::string& name, const std::string& var,
             const std::string& value) {
  ups_model* ups = ctx.available_ups(name);
  if (ups == nullptr) return;
  if (!ctx.allowed(action::set)) return ctx.error("ACCESS-DENIED");
  variable* v = ups->find(var);
  if (v == nullptr) return ctx.error("VAR-NOT-SUPPORTED");
  if (auto why = refusal(*v, value); !why.empty()) return ctx.error(why);
  v->value = value;
  ok_or_tracking(ctx);
}

void set_tracking(command_context& ctx, const std::string& on_off) {
  if (same_name(on_off, "ON")) {
    ctx.conn.tracking = true;
  } else if (same_name(on_off, "OFF")) {
    ctx.conn.tracking = false;
  } else {
    return ctx.error("INVALID-ARGUMENT");
  }
  ctx.line("OK");
}

}  // namespace

void handle_set(command_context& ctx, args a) {
  if (a.size() < 2) return ctx.error("INVALID-ARGUMENT");
  if (same_name(a[0], "VAR")) {
    if (a.size() < 4) return ctx.error("INVALID-ARGUMENT");
    return set_var(ctx, a[1], a[2], a[3]);
  }
  if (same_name(a[0], "TRACKING")) return set_tracking(ctx, a[1]);
  ctx.error("INVALID-ARGUMENT");
}

void handle_instcmd(command_context& ctx, args a) {
  if (a.size() < 2) return ctx.error("INVALID-ARGUMENT");
  ups_model* ups = ctx.available_ups(a[0]);
  if (ups == nullptr) return;
  if (!ups->has_command(a[1])) return ctx.error("CMD-NOT-SUPPORTED");
  if (!ctx.allowed(action::instcmd)) return ctx.error("ACCESS-DENIED");
  const auto& commands = ups->commands();
  instcmd_record record{ups->name(), commands.at(name_key(a[1])), std::nullopt, *ctx.conn.username};
  // upsd passes a value only when exactly one follows the command.
  if (a.size() == 3) record.value = a[2];
  ctx.state.instcmds.push_back(std::move(record));
  ok_or_tracking(ctx);
}

}  // namespace nutmqtt::fake_upsd::detail
