#pragma once
// RapidCheck properties as doctest test cases. The number of generated cases and the seed come
// from RapidCheck's RC_PARAMS ("max_success=2000 seed=42"); without it, a fixed seed, so that
// scripts/test is repeatable - tests/property/run varies the seed for longer runs.

#include <rapidcheck.h>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

namespace nutmqtt::agent::property {

inline constexpr int kDefaultCases = 400;
inline constexpr std::uint64_t kDefaultSeed = 20261206;

template <typename Testable>
void check_property(const std::string& name, Testable&& testable) {
  using namespace rc::detail;
  auto params = configuration().testParams;
  if (std::getenv("RC_PARAMS") == nullptr) {
    params.seed = kDefaultSeed;
    params.maxSuccess = kDefaultCases;
  }
  TestMetadata metadata;
  metadata.id = name;
  metadata.description = name;
  const auto result = checkTestable(std::forward<Testable>(testable), metadata, params);
  std::ostringstream out;
  printResultMessage(result, out);
  if (result.template is<SuccessResult>()) {
    MESSAGE(name << ": " << result.template get<SuccessResult>().numSuccess
                 << " generated scenarios (seed " << params.seed << ")");
  } else {
    FAIL(name << " (seed " << params.seed << ")\n" << out.str());
  }
}

}  // namespace nutmqtt::agent::property
