// DeploymentWindow rules read on IANA zones' wall clocks, across daylight-saving changes.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "engine/deployment_window_rule.hpp"
#include "server/iana_time_zones.hpp"

using lockstep::engine::Configuration;
using lockstep::engine::DeploymentWindowRule;
using lockstep::engine::RuleDeclaration;
using lockstep::engine::RuleEvaluation;
using lockstep::engine::RuleExecutionStatus;
using lockstep::engine::RuleInput;
using lockstep::engine::Timestamp;

namespace {

// An instant given as a UTC date and time.
Timestamp utc(int y, unsigned mo, unsigned d, int h, int mi) {
  using namespace std::chrono;
  const sys_days date{year{y} / month{mo} / day{d}};
  return duration_cast<milliseconds>(date.time_since_epoch() + hours{h} + minutes{mi}).count();
}

RuleEvaluation window(const std::string& cron, const std::string& zone, Timestamp now) {
  static const DeploymentWindowRule rule(std::make_shared<lockstep::server::IanaTimeZones>());
  const RuleDeclaration declaration;
  Configuration c{{"Cron", cron}};
  if (!zone.empty()) c["TimeZone"] = zone;
  return rule.evaluate(RuleInput{declaration, c, now});
}

bool inside(const std::string& cron, const std::string& zone, Timestamp now) {
  return window(cron, zone, now).status == RuleExecutionStatus::Succeeded;
}

// The instant a waiting rule looks again; 0 when it does not wait.
Timestamp opens_at(const std::string& cron, const std::string& zone, Timestamp now) {
  const RuleEvaluation e = window(cron, zone, now);
  return e.status == RuleExecutionStatus::InProgress && e.recheckAt ? *e.recheckAt : 0;
}

}  // namespace

TEST_CASE("A New York window at 02:30 opens at 03:30 EDT on the spring-forward day") {
  const std::string daily = "0 30 2 * * ?";
  CHECK(inside(daily, "America/New_York", utc(2026, 3, 7, 7, 30)));  // 02:30 EST the day before
  // 01:00 EST on 8 March: 02:30 never shows on the clock; the window opens an hour later.
  CHECK(opens_at(daily, "America/New_York", utc(2026, 3, 8, 6, 0)) == utc(2026, 3, 8, 7, 30));
  CHECK(inside(daily, "America/New_York", utc(2026, 3, 8, 7, 30)));
  CHECK_FALSE(inside(daily, "America/New_York", utc(2026, 3, 8, 7, 0)));  // 03:00 EDT
  // After it: the next day's 02:30 EDT.
  CHECK(opens_at(daily, "America/New_York", utc(2026, 3, 8, 7, 31)) == utc(2026, 3, 9, 6, 30));
  CHECK(inside(daily, "America/New_York", utc(2026, 3, 9, 6, 30)));
}

TEST_CASE(
    "A New York window at 01:30 is open both times the clock shows 01:30 on the fall-back day") {
  const std::string daily = "0 30 1 * * ?";
  CHECK(opens_at(daily, "America/New_York", utc(2026, 11, 1, 4, 0)) == utc(2026, 11, 1, 5, 30));
  CHECK(inside(daily, "America/New_York", utc(2026, 11, 1, 5, 30)));  // 01:30 EDT
  CHECK(opens_at(daily, "America/New_York", utc(2026, 11, 1, 5, 45)) == utc(2026, 11, 1, 6, 30));
  CHECK(inside(daily, "America/New_York", utc(2026, 11, 1, 6, 30)));  // 01:30 EST
  CHECK(opens_at(daily, "America/New_York", utc(2026, 11, 1, 6, 31)) == utc(2026, 11, 2, 6, 30));
}

TEST_CASE("A Berlin window follows CET and CEST across both changes") {
  // Summer: 09:00 CEST is 07:00 UTC.
  CHECK(inside("0 0 9 * * ?", "Europe/Berlin", utc(2026, 7, 1, 7, 0)));
  CHECK_FALSE(inside("0 0 9 * * ?", "Europe/Berlin", utc(2026, 7, 1, 8, 0)));
  // Winter: 09:00 CET is 08:00 UTC.
  CHECK(inside("0 0 9 * * ?", "Europe/Berlin", utc(2026, 1, 15, 8, 0)));
  // Spring forward on Sunday 29 March at 02:00 CET: the skipped 02:30 opens at 03:30 CEST.
  CHECK(opens_at("0 30 2 ? * SUN", "Europe/Berlin", utc(2026, 3, 29, 0, 0)) ==
        utc(2026, 3, 29, 1, 30));
  CHECK(inside("0 30 2 ? * SUN", "Europe/Berlin", utc(2026, 3, 29, 1, 30)));
  // Fall back on 25 October at 03:00 CEST: 02:30 shows twice.
  CHECK(inside("0 30 2 * * ?", "Europe/Berlin", utc(2026, 10, 25, 0, 30)));
  CHECK(opens_at("0 30 2 * * ?", "Europe/Berlin", utc(2026, 10, 25, 0, 31)) ==
        utc(2026, 10, 25, 1, 30));
  CHECK(inside("0 30 2 * * ?", "Europe/Berlin", utc(2026, 10, 25, 1, 30)));
}

TEST_CASE("A Kolkata window is five and a half hours ahead of UTC") {
  CHECK(inside("0 0 9 * * ?", "Asia/Kolkata", utc(2026, 6, 1, 3, 30)));
  CHECK(opens_at("0 0 9 * * ?", "Asia/Kolkata", utc(2026, 6, 1, 3, 0)) == utc(2026, 6, 1, 3, 30));
  CHECK(opens_at("0 0 9 * * ?", "Asia/Kolkata", utc(2026, 12, 1, 3, 31)) ==
        utc(2026, 12, 2, 3, 30));
}

TEST_CASE("A Lord Howe window follows its half-hour daylight saving") {
  // Summer (+11:00): 12:00 local is 01:00 UTC; winter (+10:30): 12:00 is 01:30 UTC.
  CHECK(inside("0 0 12 * * ?", "Australia/Lord_Howe", utc(2026, 1, 10, 1, 0)));
  CHECK(inside("0 0 12 * * ?", "Australia/Lord_Howe", utc(2026, 7, 10, 1, 30)));
  // 4 October 02:00 +10:30 jumps to 02:30 +11:00: the skipped 02:15 opens at 02:45.
  CHECK(opens_at("0 15 2 * * ?", "Australia/Lord_Howe", utc(2026, 10, 3, 15, 0)) ==
        utc(2026, 10, 3, 15, 45));
  CHECK(inside("0 15 2 * * ?", "Australia/Lord_Howe", utc(2026, 10, 3, 15, 45)));
  // 5 April 02:00 +11:00 falls back to 01:30 +10:30: 01:45 shows twice, half an hour apart.
  CHECK(inside("0 45 1 * * ?", "Australia/Lord_Howe", utc(2026, 4, 4, 14, 45)));
  CHECK(opens_at("0 45 1 * * ?", "Australia/Lord_Howe", utc(2026, 4, 4, 14, 46)) ==
        utc(2026, 4, 4, 15, 15));
  CHECK(inside("0 45 1 * * ?", "Australia/Lord_Howe", utc(2026, 4, 4, 15, 15)));
}

TEST_CASE("UTC and fixed offsets work as before next to IANA names") {
  CHECK(inside("0 0 12 * * ?", "", utc(2026, 6, 1, 12, 0)));
  CHECK(inside("0 0 12 * * ?", "UTC", utc(2026, 6, 1, 12, 0)));
  CHECK(inside("0 0 12 * * ?", "UTC+05:30", utc(2026, 6, 1, 6, 30)));
  CHECK(inside("0 0 12 * * ?", "GMT-03:00", utc(2026, 6, 1, 15, 0)));
  CHECK(opens_at("0 0 12 * * ?", "UTC+02:00", utc(2026, 6, 1, 10, 1)) == utc(2026, 6, 2, 10, 0));
}

TEST_CASE("An unknown time zone fails the rule with a summary naming the zone") {
  const RuleEvaluation e = window("0 0 12 * * ?", "Mars/Olympus_Mons", utc(2026, 6, 1, 12, 0));
  CHECK(e.status == RuleExecutionStatus::Failed);
  CHECK_THAT(e.summary, Catch::Contains("Mars/Olympus_Mons"));
  CHECK(window("0 0 12 * * ?", "europe/berlin", utc(2026, 6, 1, 12, 0)).status ==
        RuleExecutionStatus::Failed);
}
