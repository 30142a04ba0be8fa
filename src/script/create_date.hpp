#pragma once
// The creation time of a new revision: its date tokens for file_template and
// the "Create Date:" header, in the configured timezone.

#include <chrono>
#include <ctime>
#include <optional>
#include <string>

namespace retort::detail {

// Wall-clock parts of the creation time in the configured zone.
struct Stamp {
  std::tm tm{};
  int micros = 0;
  long long epoch = 0;
  std::optional<long> utc_offset;  // seconds; nullopt for naive local time
};

// `now` in `timezone` ("UTC", "local"/"" for naive local time, or a zoneinfo
// name). Throws ConfigError "Can't locate timezone: <tz>".
Stamp make_stamp(std::chrono::system_clock::time_point now, const std::string& timezone);
// "YYYY-MM-DD HH:MM:SS.ffffff" plus "+HH:MM" when a timezone is set.
std::string format_create_date(const Stamp& s);

}  // namespace retort::detail
