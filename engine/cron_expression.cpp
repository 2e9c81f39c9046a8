// Parsing and matching of DeploymentWindow cron expressions, on plain epoch arithmetic.
#include "engine/cron_expression.hpp"

#include <array>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace lockstep::engine {
namespace {

constexpr Timestamp kMinute = 60 * 1000;
constexpr Timestamp kHour = 60 * kMinute;
constexpr Timestamp kDay = 24 * kHour;

// Howard Hinnant's civil calendar algorithms (public domain).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  int year;
  int month;
  int day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// 1 = Sunday ... 7 = Saturday, as cron numbers weekdays.
int weekday_of(int year, int month, int day) {
  const std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return static_cast<int>(((days + 4) % 7 + 7) % 7) + 1;  // 1970-01-01 = Thursday
}

// Quartz's W: the weekday nearest `day` without leaving the month; 0 when the month is shorter.
int nearest_weekday(int year, int month, int day) {
  const int last = days_in_month(year, month);
  if (day > last) return 0;
  const int weekday = weekday_of(year, month, day);
  if (weekday == 7) return day == 1 ? 3 : day - 1;           // Saturday: Friday, or Monday the 3rd
  if (weekday == 1) return day == last ? day - 2 : day + 1;  // Sunday: Monday, or Friday
  return day;
}

Timestamp floor_to(Timestamp t, Timestamp unit) {
  Timestamp q = t / unit;
  if (t % unit != 0 && t < 0) --q;
  return q * unit;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == separator) {
      out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  out.push_back(current);
  return out;
}

// A number or (for months and weekdays) a three-letter name; -1 when neither.
int value_of(const std::string& token, const char* const* names, int first) {
  if (token.empty()) return -1;
  char* end = nullptr;
  const long v = std::strtol(token.c_str(), &end, 10);
  if (*end == '\0') return static_cast<int>(v);
  if (names == nullptr) return -1;
  for (int i = 0; names[i] != nullptr; ++i) {
    std::string upper;
    for (char c : token) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == names[i]) return first + i;
  }
  return -1;
}

const char* const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",  "JUL",
                               "AUG", "SEP", "OCT", "NOV", "DEC", nullptr};
const char* const kWeekdays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", nullptr};

// Sets bits lo..hi of a field from one comma-separated list; false on a syntax error.
template <std::size_t N>
bool parse_field(const std::string& text, int lo, int hi, const char* const* names, int offset,
                 std::bitset<N>& bits, bool& any) {
  any = text == "*" || text == "?";
  if (any) {
    for (int v = lo; v <= hi; ++v) bits.set(static_cast<std::size_t>(v - offset));
    return true;
  }
  for (const std::string& part : split(text, ',')) {
    auto slash = split(part, '/');
    if (slash.size() > 2) return false;
    const int step = slash.size() == 2 ? value_of(slash[1], nullptr, 0) : 1;
    if (step <= 0) return false;
    int from = lo;
    int to = hi;
    if (slash[0] != "*") {
      auto dash = split(slash[0], '-');
      if (dash.size() > 2) return false;
      from = value_of(dash[0], names, 1);
      to = dash.size() == 2 ? value_of(dash[1], names, 1) : (slash.size() == 2 ? hi : from);
    }
    if (from < lo || to > hi || from > to) return false;
    for (int v = from; v <= to; v += step) bits.set(static_cast<std::size_t>(v - offset));
  }
  return true;
}

}  // namespace

std::optional<CronExpression> CronExpression::parse(std::string_view text, std::string& error) {
  std::vector<std::string> fields;
  for (const std::string& f : split(text, ' ')) {
    if (!f.empty()) fields.push_back(f);
  }
  if (fields.size() != 6 && fields.size() != 7) {
    error = "a cron expression has 6 or 7 fields";
    return std::nullopt;
  }
  CronExpression c;
  std::bitset<60> seconds;
  bool any = false;
  bool ok = parse_field(fields[0], 0, 59, nullptr, 0, seconds, any) &&
            parse_field(fields[1], 0, 59, nullptr, 0, c.minutes_, any) &&
            parse_field(fields[2], 0, 23, nullptr, 0, c.hours_, any) &&
            parse_field(fields[4], 1, 12, kMonths, 0, c.months_, any);
  const std::string& dom = fields[3];
  if (ok && dom == "L") {
    c.any_day_ = false;
    c.last_day_ = true;
  } else if (ok && dom == "LW") {
    c.any_day_ = false;
    c.last_weekday_ = true;
  } else if (ok && dom.size() > 1 && dom.back() == 'W') {
    c.any_day_ = false;
    c.nearest_weekday_ = value_of(dom.substr(0, dom.size() - 1), nullptr, 0);
    ok = c.nearest_weekday_ >= 1 && c.nearest_weekday_ <= 31;
  } else if (ok) {
    ok = parse_field(fields[3], 1, 31, nullptr, 0, c.days_, c.any_day_);
  }
  const std::string& dow = fields[5];
  if (ok && dow.find('#') != std::string::npos) {
    auto parts = split(dow, '#');
    c.any_weekday_ = false;
    c.nth_weekday_ = value_of(parts[0], kWeekdays, 1);
    c.nth_ = parts.size() == 2 ? value_of(parts[1], nullptr, 0) : 0;
    ok = parts.size() == 2 && c.nth_weekday_ >= 1 && c.nth_weekday_ <= 7 && c.nth_ >= 1 &&
         c.nth_ <= 5;
  } else if (ok && dow.size() > 1 && dow.back() == 'L') {
    c.any_weekday_ = false;
    c.nth_weekday_ = value_of(dow.substr(0, dow.size() - 1), kWeekdays, 1);
    c.nth_ = -1;
    ok = c.nth_weekday_ >= 1 && c.nth_weekday_ <= 7;
  } else if (ok) {
    ok = parse_field(dow == "L" ? std::string("7") : dow, 1, 7, kWeekdays, 0, c.weekdays_,
                     c.any_weekday_);
  }
  if (ok && fields.size() == 7) {
    ok = parse_field(fields[6], 1970, 2169, nullptr, 1970, c.years_, c.any_year_);
  }
  if (!ok) {
    error = "unsupported or invalid cron expression '" + std::string(text) + "'";
    return std::nullopt;
  }
  return c;
}

bool CronExpression::day_matches(int year, int month, int day, int weekday) const {
  bool dom = days_.test(static_cast<std::size_t>(day));
  if (last_day_) dom = day == days_in_month(year, month);
  if (last_weekday_) dom = day == nearest_weekday(year, month, days_in_month(year, month));
  if (nearest_weekday_ != 0) dom = day == nearest_weekday(year, month, nearest_weekday_);
  bool dow = weekdays_.test(static_cast<std::size_t>(weekday));
  if (nth_ != 0) {
    dow = weekday == nth_weekday_ &&
          (nth_ > 0 ? (day - 1) / 7 + 1 == nth_ : day + 7 > days_in_month(year, month));
  }
  if (any_day_ && any_weekday_) return true;
  if (any_day_) return dow;
  if (any_weekday_) return dom;
  return dom || dow;
}

bool CronExpression::matches_minute(Timestamp local_ms) const {
  const Timestamp day_start = floor_to(local_ms, kDay);
  const std::int64_t days = day_start / kDay;
  const Civil civil = civil_from_days(days);
  const int weekday = static_cast<int>(((days + 4) % 7 + 7) % 7) + 1;  // 1970-01-01 = Thursday
  const Timestamp in_day = local_ms - day_start;
  const auto hour = static_cast<std::size_t>(in_day / kHour);
  const auto minute = static_cast<std::size_t>((in_day % kHour) / kMinute);
  const int year_bit = civil.year - 1970;
  const bool year_ok = any_year_ || (year_bit >= 0 && year_bit < 200 &&
                                     years_.test(static_cast<std::size_t>(year_bit)));
  return year_ok && months_.test(static_cast<std::size_t>(civil.month)) &&
         day_matches(civil.year, civil.month, civil.day, weekday) && hours_.test(hour) &&
         minutes_.test(minute);
}

std::optional<Timestamp> CronExpression::next_minute(Timestamp local_ms) const {
  Timestamp t = floor_to(local_ms + kMinute - 1, kMinute);
  const Timestamp limit = t + 5 * 366 * kDay;
  while (t < limit) {
    const Timestamp day_start = floor_to(t, kDay);
    const std::int64_t days = day_start / kDay;
    const Civil civil = civil_from_days(days);
    const int weekday = static_cast<int>(((days + 4) % 7 + 7) % 7) + 1;
    const int year_bit = civil.year - 1970;
    const bool year_ok = any_year_ || (year_bit >= 0 && year_bit < 200 &&
                                       years_.test(static_cast<std::size_t>(year_bit)));
    if (!year_ok || !months_.test(static_cast<std::size_t>(civil.month))) {
      const int next_month = civil.month == 12 ? 1 : civil.month + 1;
      const int next_year = civil.month == 12 ? civil.year + 1 : civil.year;
      t = days_from_civil(next_year, static_cast<unsigned>(next_month), 1) * kDay;
      continue;
    }
    if (!day_matches(civil.year, civil.month, civil.day, weekday)) {
      t = day_start + kDay;
      continue;
    }
    const Timestamp in_day = t - day_start;
    const auto hour = static_cast<std::size_t>(in_day / kHour);
    if (!hours_.test(hour)) {
      t = day_start + static_cast<Timestamp>(hour + 1) * kHour;
      continue;
    }
    if (!minutes_.test(static_cast<std::size_t>((in_day % kHour) / kMinute))) {
      t += kMinute;
      continue;
    }
    return t;
  }
  return std::nullopt;
}

}  // namespace lockstep::engine
