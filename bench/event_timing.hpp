#pragma once
// Status flips through nutmqtt-fake-upsd, timed to the bridge's events: the fake serves a
// `upsrw` change at once, so the time from the flip to the event is the bridge's own (its poll
// wait included) and the MQTT broker's.

#include <chrono>
#include <optional>
#include <random>
#include <vector>

#include "bench/fake_upsd_program.hpp"
#include "bench/topic_tally.hpp"

namespace nutmqtt::bench {

struct flip_plan {
  int rounds = 1;  // each round flips every target to OB, then every target back to OL
  std::chrono::milliseconds min_gap{300};
  std::chrono::milliseconds max_gap{1300};
};

// Seconds from each flip (just before `upsrw` starts) to its event arriving at `tally`, in flip
// order; nullopt for an event that did not arrive within 15 s of the last flip.
std::vector<std::optional<double>> time_events(const std::vector<served_ups>& targets,
                                               const flip_plan& plan, topic_tally& tally,
                                               std::mt19937_64& rng);

}  // namespace nutmqtt::bench
