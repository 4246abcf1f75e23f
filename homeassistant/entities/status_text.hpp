#pragma once
// ups.status in words, as Home Assistant's own NUT integration words it.

#include <string>
#include <string_view>

namespace nutmqtt::ha {

// "OL CHRG" -> "Online, Battery Charging". Unknown tokens are kept verbatim (HA's integration
// blanks the whole sensor on one unknown token); the same words are not repeated (HE and ECO).
// Never empty for a status that is not empty: a status made only of blanks reads "Unknown".
std::string status_text(std::string_view ups_status);

}  // namespace nutmqtt::ha
