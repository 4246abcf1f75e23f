#pragma once
// Reads a dummy-ups .dev file ("name: value" lines, '#' comments) into a UPS. Comment lines
// "#RW:<var>:STRING:<n>", "#RW:<var>:ENUM:\"<value>\"", "#RW:<var>:RANGE:\"<min>\" \"<max>\"",
// "#RW:<var>:NUMBER" make a variable writable with that metadata; "#CMD:<name>" adds an instant
// command (what the NUT devices dumps library records of the real device).

#include <string>
#include <string_view>

#include "fake_upsd/ups_model.hpp"

namespace nutmqtt::fake_upsd {

// Throws std::invalid_argument naming `source` and the line of the first problem. `ups.status`
// is writable (STRING:32, as dummy-ups has it) unless a hint says otherwise, so that a test or a
// benchmark can flip it with upsrw.
ups_model parse_dev_file(std::string_view text, const std::string& source, std::string ups_name,
                         std::string description = {});

}  // namespace nutmqtt::fake_upsd
