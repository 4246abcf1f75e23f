#pragma once
// upsd.users for the fake: who may SET, FSD, run instant commands, LOGIN (upsmon secondary)
// or also claim PRIMARY (upsmon primary). Checked by the action that needs it, as upsd does.

#include <string>
#include <string_view>
#include <vector>

#include "common/secret.hpp"

namespace nutmqtt::fake_upsd {

enum class action { set, fsd, instcmd, login, primary };

struct user {
  std::string name;
  common::secret password;
  bool may_set = false;
  bool may_fsd = false;
  bool may_instcmd = false;  // every instant command ("instcmds = ALL")
  bool upsmon_primary = false;
  bool upsmon_secondary = false;
};

class user_table {
 public:
  user_table() = default;
  explicit user_table(std::vector<user> users) : users_(std::move(users)) {}

  // admin/adminpw may do everything (upsmon primary); monuser/secret is an upsmon secondary:
  // the same users tests/support's real upsd has.
  static user_table defaults();

  // True when `name` exists, `password` is its password and it may do `what`. upsmon primary
  // grants LOGIN, PRIMARY and FSD; upsmon secondary grants LOGIN.
  bool allows(std::string_view name, std::string_view password, action what) const;

  const std::vector<user>& users() const { return users_; }

 private:
  std::vector<user> users_;
};

// Reads "NAME:PASSWORD:ACTIONS" where ACTIONS is a comma-separated list of set, fsd, instcmd,
// primary, secondary (any case; may be empty). The password is everything between the first and
// the last colon. Throws std::invalid_argument saying what is wrong, never echoing the password.
user parse_user_spec(std::string_view spec);

}  // namespace nutmqtt::fake_upsd
