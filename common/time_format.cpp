#include "common/time_format.hpp"

#include <charconv>
#include <limits>

#include <fmt/format.h>

namespace nutmqtt::common {
namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  auto first = s.data() + pos;
  for (std::size_t i = 0; i < len; ++i) {
    if (first[i] < '0' || first[i] > '9') return false;
  }
  auto [end, ec] = std::from_chars(first, first + len, out);
  return ec == std::errc{} && end == first + len;
}

constexpr std::string_view kShape = "not an ISO 8601 UTC time like 2026-11-24T10:15:02.512Z";

}  // namespace

std::string format_time(wall_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(t);
  const auto day = floor<days>(ms);
  const year_month_day ymd{day};
  const hh_mm_ss hms{ms - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", int(ymd.year()),
                     unsigned(ymd.month()), unsigned(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), hms.subseconds().count());
}

parse_result<wall_clock::time_point> read_time(std::string_view s) {
  using namespace std::chrono;
  using result = parse_result<wall_clock::time_point>;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s.back() != 'Z') {
    return result::fail(std::string(kShape));
  }
  if (!read_int(s, 0, 4, y) || !read_int(s, 5, 2, mo) || !read_int(s, 8, 2, d) ||
      !read_int(s, 11, 2, h) || !read_int(s, 14, 2, mi) || !read_int(s, 17, 2, sec)) {
    return result::fail(std::string(kShape));
  }
  // Checked before any arithmetic: the clock's nanoseconds overflow outside 1677..2262.
  if (y < kFirstYear || y > kLastYear) {
    return result::fail(
        fmt::format("outside the years {}..{} (year {})", kFirstYear, kLastYear, y));
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) {
    return result::fail("not a real date and time of day");
  }
  milliseconds frac{0};
  std::string_view rest = s.substr(19, s.size() - 20);
  if (!rest.empty()) {
    if (rest.front() != '.' || rest.size() < 2) return result::fail(std::string(kShape));
    int scale = 100;
    for (char c : rest.substr(1)) {
      if (c < '0' || c > '9') return result::fail(std::string(kShape));
      frac += milliseconds{(c - '0') * scale};
      scale /= 10;
    }
  }
  const auto t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + frac;
  // A leap second on the last day would land in the first year outside the window.
  if (t >= sys_days{year{kLastYear + 1} / 1 / 1}) {
    return result::fail(fmt::format("outside the years {}..{}", kFirstYear, kLastYear));
  }
  return result::ok(t);
}

std::optional<wall_clock::time_point> parse_time(std::string_view text) {
  return read_time(text).value;
}

std::chrono::milliseconds time_between(wall_clock::time_point from, wall_clock::time_point to) {
  using rep = wall_clock::duration::rep;
  const rep a = from.time_since_epoch().count();
  const rep b = to.time_since_epoch().count();
  rep diff = 0;
  if (__builtin_sub_overflow(b, a, &diff)) {
    return b > a ? std::chrono::milliseconds::max() : std::chrono::milliseconds::min();
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(wall_clock::duration{diff});
}

}  // namespace nutmqtt::common
