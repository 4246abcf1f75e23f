#pragma once
// The `rules:` section: upssched's AT lines written as YAML mappings,
//   - { at: ONBATT, ups: "*", start_timer: power-off, after: 60s }
//   - { at: ONLINE, ups: "*", cancel_timer: power-off, else_execute: still-online }
//   - { at: ONLINE, ups: "*", execute: power-on }

#include <string>
#include <vector>

#include "common/config_reader.hpp"
#include "shutdown-agent/rule.hpp"

namespace nutmqtt::agent {

// Appends the rules of `root`'s `rules:` list to `rules`; problems go to root's source.
void read_rules(common::map_reader& root, std::vector<rule>& rules,
                std::vector<std::string>& warnings);

}  // namespace nutmqtt::agent
