// GET: one value or fact about a UPS (upsd's netget.c behaviour).

#include "fake_upsd/command_context.hpp"
#include "fake_upsd/descriptions.hpp"
#include "fake_upsd/reply_format.hpp"

namespace nutmqtt::fake_upsd::detail {
namespace {

void get_tracking(command_context& ctx, args a) {
  if (a.size() < 2) return ctx.line(ctx.conn.tracking ? "ON" : "OFF");
  if (!ctx.conn.tracking) return ctx.error("FEATURE-NOT-CONFIGURED");
  // Every command the fake accepts is done at once, so a known id has always succeeded.
  if (ctx.state.known_tracking_id(a[1])) return ctx.line("SUCCESS");
  ctx.error("UNKNOWN");
}

void get_numlogins(command_context& ctx, const std::string& name) {
  if (ctx.available_ups(name) == nullptr) return;
  ctx.line("NUMLOGINS " + name + " " + std::to_string(ctx.state.logins.count(name)));
}

void get_upsdesc(command_context& ctx, const std::string& name) {
  const ups_model* ups = ctx.find_ups(name);
  if (ups == nullptr) return;
  const auto& desc = ups->description();
  ctx.line("UPSDESC " + name + " " + quoted(desc.empty() ? "Unavailable" : desc));
}

void get_var(command_context& ctx, const std::string& name, const std::string& var) {
  const ups_model* ups = ctx.available_ups(name);
  if (ups == nullptr) return;
  const variable* v = ups->find(var);
  if (v == nullptr) return ctx.error("VAR-NOT-SUPPORTED");
  ctx.line("VAR " + name + " " + var + " " + quoted(shown_value(*ups, *v)));
}

void get_type(command_context& ctx, const std::string& name, const std::string& var) {
  const ups_model* ups = ctx.available_ups(name);
  if (ups == nullptr) return;
  const variable* v = ups->find(var);
  if (v == nullptr) return ctx.error("VAR-NOT-SUPPORTED");
  std::string text = "TYPE " + name + " " + var;
  if (v->writable) text += " RW";
  if (!v->enum_values.empty()) text += " ENUM";
  if (!v->ranges.empty()) text += " RANGE";
  text += v->string_length ? " STRING:" + std::to_string(*v->string_length) : " NUMBER";
  ctx.line(text);
}

void get_desc(command_context& ctx, std::string_view kind, const std::string& name,
              const std::string& item) {
  if (ctx.available_ups(name) == nullptr) return;
  // upsd describes any name, known to the UPS or not.
  auto desc = kind == "DESC" ? variable_description(item) : command_description(item);
  ctx.line(std::string(kind) + " " + name + " " + item + " " +
           quoted(desc.value_or(kNoDescription)));
}

}  // namespace

void handle_get(command_context& ctx, args a) {
  if (a.empty()) return ctx.error("INVALID-ARGUMENT");
  if (same_name(a[0], "TRACKING")) return get_tracking(ctx, a);
  if (a.size() < 2) return ctx.error("INVALID-ARGUMENT");
  if (same_name(a[0], "NUMLOGINS")) return get_numlogins(ctx, a[1]);
  if (same_name(a[0], "UPSDESC")) return get_upsdesc(ctx, a[1]);
  if (a.size() < 3) return ctx.error("INVALID-ARGUMENT");
  if (same_name(a[0], "VAR")) return get_var(ctx, a[1], a[2]);
  if (same_name(a[0], "TYPE")) return get_type(ctx, a[1], a[2]);
  if (same_name(a[0], "DESC")) return get_desc(ctx, "DESC", a[1], a[2]);
  if (same_name(a[0], "CMDDESC")) return get_desc(ctx, "CMDDESC", a[1], a[2]);
  ctx.error("INVALID-ARGUMENT");
}

}  // namespace nutmqtt::fake_upsd::detail
