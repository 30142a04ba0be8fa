// The pure parts of the backends: URL handling, libpq error text, lock keys.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/backend.hpp>

#include "pg/postgres_backend.hpp"
#include "sqlite/sqlite_backend.hpp"

namespace retort {
namespace {

TEST(UrlDialect, KnownSchemes) {
  EXPECT_EQ(url_dialect("postgresql://u@h/db"), "postgresql");
  EXPECT_EQ(url_dialect("postgres://"), "postgresql");
  EXPECT_EQ(url_dialect("postgresql+psycopg2:///db?host=/tmp"), "postgresql");
  EXPECT_EQ(url_dialect("PostgreSQL+asyncpg://h/db"), "postgresql");
  EXPECT_EQ(url_dialect("sqlite://"), "sqlite");
  EXPECT_EQ(url_dialect("sqlite+pysqlite:///x.db"), "sqlite");
}

TEST(UrlDialect, UnsupportedUrlsNameTheUrlWithoutItsPassword) {
  try {
    (void)connect("mysql://user:s3cret@db.example/app", ".");
    FAIL() << "connected";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "unsupported database URL 'mysql://user:***@db.example/app': expected "
              "postgresql://… or sqlite:///…");
  }
  EXPECT_THROW((void)url_dialect("app.db"), ConfigError);
  try {
    (void)url_dialect("");
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), testing::HasSubstr("DATABASE_URL"));
  }
}

TEST(LibpqUri, DropsTheDriverOnly) {
  EXPECT_EQ(pg::libpq_uri("postgresql+psycopg2://u:p@h:5/db?host=/x&port=1"),
            "postgresql://u:p@h:5/db?host=/x&port=1");
  EXPECT_EQ(pg::libpq_uri("postgres://h/db"), "postgres://h/db");
  EXPECT_EQ(pg::libpq_uri("POSTGRESQL://h/db"), "postgresql://h/db");
  EXPECT_EQ(pg::libpq_uri("postgresql://"), "postgresql://");
}

TEST(PgErrorText, SplitsMessageDetailHintAndContext) {
  const auto e = pg::parse_error_text(
      "ERROR:  duplicate key value violates unique constraint \"t_pkey\"\n"
      "DETAIL:  Key (id)=(1) already exists.\n");
  EXPECT_EQ(e.message, "duplicate key value violates unique constraint \"t_pkey\"");
  EXPECT_EQ(e.detail, "Key (id)=(1) already exists.");
  EXPECT_EQ(e.hint, "");

  const auto f = pg::parse_error_text(
      "ERROR:  function nope(integer) does not exist\n"
      "LINE 1: SELECT nope(1)\n"
      "               ^\n"
      "HINT:  No function matches the given name and argument types. You might need to add "
      "explicit type casts.\n");
  EXPECT_EQ(f.message, "function nope(integer) does not exist");
  EXPECT_EQ(f.detail, "");
  EXPECT_THAT(f.hint, testing::StartsWith("No function matches"));

  const auto g = pg::parse_error_text(
      "ERROR:  boom\nDETAIL:  first line\nsecond line\nHINT:  do this\n"
      "CONTEXT:  PL/pgSQL function inline_code_block line 3 at RAISE\n");
  EXPECT_EQ(g.message, "boom");
  EXPECT_EQ(g.detail, "first line\nsecond line");
  EXPECT_EQ(g.hint, "do this");
  EXPECT_EQ(g.context, "PL/pgSQL function inline_code_block line 3 at RAISE");

  EXPECT_EQ(pg::parse_error_text("no severity here\n").message, "no severity here");
}

TEST(PgAdvisoryLock, KeyIsFixedPerVersionTable) {
  const long long key = pg::advisory_lock_key(VersionTable{});
  EXPECT_EQ(key, pg::advisory_lock_key(VersionTable{"alembic_version", ""}));
  EXPECT_NE(key, pg::advisory_lock_key(VersionTable{"alembic_version", "other"}));
  EXPECT_NE(key, pg::advisory_lock_key(VersionTable{"other_version", ""}));
}

TEST(SqliteLocation, UrlForms) {
  using sqlite::sqlite_location;
  const std::filesystem::path base = "/work/project";
  EXPECT_TRUE(sqlite_location("sqlite://", base).in_memory);
  EXPECT_TRUE(sqlite_location("sqlite:///:memory:", base).in_memory);
  EXPECT_TRUE(sqlite_location("sqlite:///", base).in_memory);
  EXPECT_EQ(sqlite_location("sqlite:///app.db", base).file, "/work/project/app.db");
  EXPECT_EQ(sqlite_location("sqlite:///data/../app.db?timeout=5", base).file,
            "/work/project/app.db");
  EXPECT_EQ(sqlite_location("sqlite+pysqlite:///app.db", base).file, "/work/project/app.db");
  EXPECT_EQ(sqlite_location("sqlite:////var/lib/app.db", base).file, "/var/lib/app.db");
  EXPECT_FALSE(sqlite_location("sqlite:////var/lib/app.db", base).in_memory);
  EXPECT_THROW(sqlite_location("sqlite://host/app.db", base), ConfigError);
}

TEST(SqliteResultCodes, Names) {
  EXPECT_EQ(sqlite::result_code_name(19), "SQLITE_CONSTRAINT");
  EXPECT_EQ(sqlite::result_code_name(19 | (6 << 8)), "SQLITE_CONSTRAINT_PRIMARYKEY");
  EXPECT_EQ(sqlite::result_code_name(5 | (3 << 8)), "SQLITE_BUSY_TIMEOUT");
  EXPECT_EQ(sqlite::result_code_name(9999), "SQLITE_9999");
}

}  // namespace
}  // namespace retort
