// Timezones for new revisions' creation times.

#include "script/create_date.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string_view>

#include <retort/error.hpp>

namespace retort::detail {
namespace {

namespace fs = std::filesystem;


bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// A zoneinfo file for `name` (as given, then upper-cased, as Alembic tries).
std::optional<fs::path> find_zoneinfo(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) {
    return std::nullopt;
  }
  const char* tzdir = std::getenv("TZDIR");
  const fs::path base = tzdir != nullptr && *tzdir != '\0' ? fs::path(tzdir)
                                                          : fs::path("/usr/share/zoneinfo");
  std::string upper = name;
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  for (const std::string& candidate : {name, upper}) {
    const fs::path file = base / candidate;
    std::ifstream in(file, std::ios::binary);
    char magic[4] = {};
    std::error_code ec;
    if (fs::is_regular_file(file, ec) && in.read(magic, 4) && std::string_view(magic, 4) == "TZif") {
      return file;
    }
  }
  return std::nullopt;
}

// The C library only converts to a named zone through TZ; serialise the
// swap so concurrent writers in this library do not see each other's zone.
std::tm zone_time(std::time_t t, const fs::path& zoneinfo) {
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  const char* old = std::getenv("TZ");
  const std::optional<std::string> saved = old != nullptr ? std::optional<std::string>(old)
                                                          : std::nullopt;
  ::setenv("TZ", (":" + zoneinfo.string()).c_str(), 1);
  ::tzset();
  std::tm tm{};
  ::localtime_r(&t, &tm);
  if (saved) {
    ::setenv("TZ", saved->c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
  return tm;
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace

Stamp make_stamp(std::chrono::system_clock::time_point now, const std::string& timezone) {
  using namespace std::chrono;
  const auto us = duration_cast<microseconds>(now.time_since_epoch()).count();
  Stamp stamp;
  stamp.epoch = us >= 0 ? us / 1'000'000 : -((-us + 999'999) / 1'000'000);
  stamp.micros = static_cast<int>(us - stamp.epoch * 1'000'000);
  const auto t = static_cast<std::time_t>(stamp.epoch);
  if (timezone.empty() || iequals(timezone, "local")) {
    ::localtime_r(&t, &stamp.tm);
  } else if (iequals(timezone, "UTC")) {
    ::gmtime_r(&t, &stamp.tm);
    stamp.utc_offset = 0;
  } else if (auto file = find_zoneinfo(timezone)) {
    stamp.tm = zone_time(t, *file);
    stamp.utc_offset = stamp.tm.tm_gmtoff;
  } else {
    throw ConfigError("Can't locate timezone: " + timezone);
  }
  return stamp;
}

std::string format_create_date(const Stamp& s) {
  std::string micros = std::to_string(s.micros);
  micros.insert(0, 6 - micros.size(), '0');
  std::string out = std::to_string(s.tm.tm_year + 1900) + "-" + two(s.tm.tm_mon + 1) + "-" +
                    two(s.tm.tm_mday) + " " + two(s.tm.tm_hour) + ":" + two(s.tm.tm_min) + ":" +
                    two(s.tm.tm_sec) + "." + micros;
  if (s.utc_offset) {
    const long offset = *s.utc_offset;
    const long minutes = (offset < 0 ? -offset : offset) / 60;
    out += (offset < 0 ? "-" : "+") + two(static_cast<int>(minutes / 60)) + ":" +
           two(static_cast<int>(minutes % 60));
  }
  return out;
}

}  // namespace retort::detail
