#pragma once
// Whether this build runs under AddressSanitizer (scripts/test's sanitizer build). Its shadow
// memory and quarantine multiply a process's resident size, and its slowness changes what a
// flood does: the tests that bound memory are reported skipped under it and run on the normal
// build. GCC says so with __SANITIZE_ADDRESS__, clang with __has_feature.

namespace nutmqtt::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace nutmqtt::test
