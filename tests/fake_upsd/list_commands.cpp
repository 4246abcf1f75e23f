// LIST: the multi-line answers, framed by BEGIN LIST / END LIST (upsd's netlist.c behaviour).

#include "fake_upsd/command_context.hpp"
#include "fake_upsd/reply_format.hpp"

namespace nutmqtt::fake_upsd::detail {
namespace {

void list_ups(command_context& ctx) {
  ctx.line("BEGIN LIST UPS");
  for (const auto& ups : ctx.state.ups.all()) {
    const auto& desc = ups->description();
    ctx.line("UPS " + ups->name() + " " + quoted(desc.empty() ? "Description unavailable" : desc));
  }
  ctx.line("END LIST UPS");
}

// LIST VAR and LIST RW: the same walk over the variables, RW keeping only writable ones.
void list_vars(command_context& ctx, std::string_view kind, const std::string& name) {
  const ups_model* ups = ctx.available_ups(name);
  if (ups == nullptr) return;
  const bool writable_only = kind == "RW";
  const std::string head = std::string(kind) + " " + name;
  ctx.line("BEGIN LIST " + head);
  for (const auto& [key, v] : ups->variables()) {
    if (writable_only && !v.writable) continue;
    // upsd shows the FSD prefix of ups.status in LIST VAR only.
    ctx.line(head + " " + v.name + " " + quoted(writable_only ? v.value : shown_value(*ups, v)));
  }
  ctx.line("END LIST " + head);
}

void list_cmd(command_context& ctx, const std::string& name) {
  const ups_model* ups = ctx.available_ups(name);
  if (ups == nullptr) return;
  ctx.line("BEGIN LIST CMD " + name);
  for (const auto& [key, command] : ups->commands())
    ctx.line("CMD " + name + " " + command);
  ctx.line("END LIST CMD " + name);
}

void list_client(command_context& ctx, const std::string& name) {
  const ups_model* ups = ctx.find_ups(name);
  if (ups == nullptr) return;
  ctx.line("BEGIN LIST CLIENT " + name);
  for (const auto& address : ctx.state.logins.addresses(name))
    ctx.line("CLIENT " + ups->name() + " " + address);
  ctx.line("END LIST CLIENT " + name);
}

void list_enum_or_range(command_context& ctx, std::string_view kind, const std::string& name,
                        const std::string& var) {
  const ups_model* ups = ctx.available_ups(name);
  if (ups == nullptr) return;
  const variable* v = ups->find(var);
  if (v == nullptr) return ctx.error("VAR-NOT-SUPPORTED");
  const std::string head = std::string(kind) + " " + name + " " + var;
  ctx.line("BEGIN LIST " + head);
  if (kind == "ENUM") {
    for (const auto& value : v->enum_values)
      ctx.line(head + " " + quoted(value));
  } else {
    for (const auto& [lo, hi] : v->ranges)
      ctx.line(head + " " + quoted(std::to_string(lo)) + " " + quoted(std::to_string(hi)));
  }
  ctx.line("END LIST " + head);
}

}  // namespace

void handle_list(command_context& ctx, args a) {
  if (a.empty()) return ctx.error("INVALID-ARGUMENT");
  if (same_name(a[0], "UPS")) return list_ups(ctx);
  if (a.size() < 2) return ctx.error("INVALID-ARGUMENT");
  if (same_name(a[0], "VAR")) return list_vars(ctx, "VAR", a[1]);
  if (same_name(a[0], "RW")) return list_vars(ctx, "RW", a[1]);
  if (same_name(a[0], "CMD")) return list_cmd(ctx, a[1]);
  if (same_name(a[0], "CLIENT")) return list_client(ctx, a[1]);
  if (a.size() < 3) return ctx.error("INVALID-ARGUMENT");
  if (same_name(a[0], "ENUM")) return list_enum_or_range(ctx, "ENUM", a[1], a[2]);
  if (same_name(a[0], "RANGE")) return list_enum_or_range(ctx, "RANGE", a[1], a[2]);
  ctx.error("INVALID-ARGUMENT");
}

}  // namespace nutmqtt::fake_upsd::detail
