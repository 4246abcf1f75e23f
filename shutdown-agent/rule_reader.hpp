#pragma once
// The `rules:` section: upssched's AT lines written as YAML mappings,
//   - { at: ONBATT, ups: "*", start_timer: power-off, after: 60s }
//   - { at: ONLINE, ups: "*", cancel_timer: power-off, else_execute: still-online }
//   - { at: ONLINE, ups: "*", execute: power-on }
//   - { at: ONBATT, ups: "*", start_timer_shared: power-off, after: 60s }
//   - { at: ONLINE, ups: "*", cancel_timer_matched: power-off }

#include <string>
#include <vector>

#include "common/config_reader.hpp"
#include "shutdown-agent/logic/rule.hpp"

namespace nutmqtt::agent {

// The YAML key of an action ("start_timer_shared").
std::string_view action_key(rule_action a);

// `r` as a flow mapping of `rules:` ("{ at: ONBATT, ups: \"*\", start_timer: power-off, after:
// 60s }"), with `ups` as its UPS.
std::string rule_yaml(const rule& r, const std::string& ups);

// Appends the rules of `root`'s `rules:` list to `rules`; problems go to root's source.
void read_rules(common::map_reader& root, std::vector<rule>& rules,
                std::vector<std::string>& warnings);

}  // namespace nutmqtt::agent
