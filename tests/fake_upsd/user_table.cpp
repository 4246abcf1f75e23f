#include "fake_upsd/user_table.hpp"

#include <stdexcept>

#include "fake_upsd/ups_model.hpp"

namespace nutmqtt::fake_upsd {
namespace {

void grant(user& u, std::string_view word) {
  const auto w = name_key(word);
  if (w == "set") {
    u.may_set = true;
  } else if (w == "fsd") {
    u.may_fsd = true;
  } else if (w == "instcmd") {
    u.may_instcmd = true;
  } else if (w == "primary") {
    u.upsmon_primary = true;
  } else if (w == "secondary") {
    u.upsmon_secondary = true;
  } else {
    throw std::invalid_argument("user " + u.name + ": unknown action '" + std::string(word) +
                                "' (set, fsd, instcmd, primary, secondary)");
  }
}

}  // namespace

user_table user_table::defaults() {
  return user_table({
      user{"admin", common::secret("adminpw"), true, true, true, true, false},
      user{"monuser", common::secret("secret"), false, false, false, false, true},
  });
}

bool user_table::allows(std::string_view name, std::string_view password, action what) const {
  for (const auto& u : users_) {
    if (u.name != name) continue;
    if (u.password.reveal() != password) return false;
    switch (what) {
      case action::set:
        return u.may_set;
      case action::fsd:
        return u.may_fsd || u.upsmon_primary;
      case action::instcmd:
        return u.may_instcmd;
      case action::login:
        return u.upsmon_primary || u.upsmon_secondary;
      case action::primary:
        return u.upsmon_primary;
    }
  }
  return false;
}

user parse_user_spec(std::string_view spec) {
  const auto first = spec.find(':');
  const auto last = spec.rfind(':');
  if (first == std::string_view::npos || first == last) {
    throw std::invalid_argument("user '" + std::string(spec.substr(0, first)) +
                                "': expected NAME:PASSWORD:ACTIONS");
  }
  user u;
  u.name = std::string(spec.substr(0, first));
  if (u.name.empty()) throw std::invalid_argument("user with an empty name");
  u.password = common::secret(std::string(spec.substr(first + 1, last - first - 1)));
  auto actions = spec.substr(last + 1);
  while (!actions.empty()) {
    auto comma = actions.find(',');
    auto word = actions.substr(0, comma);
    if (!word.empty()) grant(u, word);
    actions.remove_prefix(comma == std::string_view::npos ? actions.size() : comma + 1);
  }
  return u;
}

}  // namespace nutmqtt::fake_upsd
