#pragma once
// Throwaway PostgreSQL databases for tests against a real server.
//
// The server comes from RETORT_TEST_PG_URL, a URL of an admin database on a
// server where the user may CREATE DATABASE (scripts/pg-throwaway.sh exports
// one). Tests call RETORT_REQUIRE_PG() first: without the variable they are
// skipped with a message saying how to run them (CI always sets it).
//
//   TEST(Thing, Works) {
//     RETORT_REQUIRE_PG();
//     retort::test::TestDatabase db("thing");          // dropped at scope exit
//     auto backend = retort::connect(db.url(), ".");
//   }
//
// Uses only the retort library (no libpqxx), so any test binary can use it.

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include <retort/backend.hpp>

#include "util/url.hpp"

namespace retort::test {

// RETORT_TEST_PG_URL, or nullopt when unset or empty.
inline std::optional<std::string> pg_admin_url() {
  const char* url = std::getenv("RETORT_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    return std::nullopt;
  }
  return std::string(url);
}

#define RETORT_REQUIRE_PG()                                                             \
  do {                                                                                  \
    if (!::retort::test::pg_admin_url()) {                                              \
      GTEST_SKIP() << "RETORT_TEST_PG_URL is not set; run `source "                     \
                      "scripts/pg-throwaway.sh && pg_up` first (CI always sets it)";    \
    }                                                                                   \
  } while (false)

// `url` with its database (the path after the host) replaced by `database`;
// the query (?host=...&port=...) is kept.
inline std::string with_database(std::string_view url, std::string_view database) {
  return util::url_with_database(url, database);
}

// The database a URL made by make_test_database() names.
inline std::string database_of(std::string_view url) {
  const std::size_t scheme = url.find("://");
  const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const std::size_t path = url.find('/', start);
  if (path == std::string_view::npos) {
    return {};
  }
  const std::size_t query = url.find('?', path);
  return std::string(url.substr(path + 1, query == std::string_view::npos
                                              ? std::string_view::npos
                                              : query - path - 1));
}

// A unique database name: `prefix` (lower-cased, [a-z0-9_] kept), the pid,
// a counter and a random suffix; at most 63 bytes.
inline std::string unique_database_name(std::string_view prefix) {
  static std::atomic<int> counter{0};
  std::string name = "rt_";
  for (char c : prefix.substr(0, 24)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      name += c;
    } else if (c >= 'A' && c <= 'Z') {
      name += static_cast<char>(c - 'A' + 'a');
    } else {
      name += '_';
    }
  }
  std::random_device rd;
  name += "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
          std::to_string(rd() % 100000);
  return name;
}

// Runs `sql` on the admin database (outside a transaction).
inline void pg_admin_execute(const std::string& sql) {
  auto admin = connect(*pg_admin_url(), ".");
  admin->execute(sql);
}

// Creates a fresh, empty database and returns its URL. Requires
// RETORT_TEST_PG_URL. Pair with drop_test_database().
inline std::string make_test_database(std::string_view prefix) {
  const std::string name = unique_database_name(prefix);
  pg_admin_execute("CREATE DATABASE " + name);
  return with_database(*pg_admin_url(), name);
}

// Drops a database made by make_test_database(), ending any session still
// connected to it. Never throws.
inline void drop_test_database(std::string_view url) noexcept {
  try {
    const std::string name = database_of(url);
    if (!name.empty()) {
      pg_admin_execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  } catch (...) {
    // A leftover database in a throwaway cluster is harmless.
  }
}

// A database for one test, dropped when the object goes away.
class TestDatabase {
 public:
  explicit TestDatabase(std::string_view prefix) : m_url(make_test_database(prefix)) {}
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase() { drop_test_database(m_url); }

  const std::string& url() const { return m_url; }
  std::string name() const { return database_of(m_url); }

 private:
  std::string m_url;
};

// A login role for one test (`attributes` as CREATE ROLE takes them, e.g.
// "NOCREATEDB", "CONNECTION LIMIT 1"), dropped when the object goes away.
class TestRole {
 public:
  TestRole(std::string_view prefix, std::string_view attributes)
      : m_name(std::string(prefix) + "_" + std::to_string(::getpid())) {
    pg_admin_execute("DROP ROLE IF EXISTS " + m_name);
    pg_admin_execute("CREATE ROLE " + m_name + " LOGIN " + std::string(attributes));
  }
  TestRole(const TestRole&) = delete;
  TestRole& operator=(const TestRole&) = delete;
  ~TestRole() {
    try {
      pg_admin_execute("DROP ROLE IF EXISTS " + m_name);
    } catch (...) {
      // Left for the next run's DROP ROLE IF EXISTS.
    }
  }

  const std::string& name() const { return m_name; }

  // `url` connecting as this role (libpq takes the last user= it sees).
  std::string url(std::string_view url) const {
    return std::string(url) + (url.find('?') == std::string_view::npos ? "?" : "&") + "user=" + m_name;
  }

 private:
  std::string m_name;
};

}  // namespace retort::test
