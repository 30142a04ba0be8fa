// Expected texts were produced by Alembic 1.8.1 / SQLAlchemy 1.4 offline
// rendering for the postgresql dialect.

#include <retort/version_change.hpp>

#include <gtest/gtest.h>

namespace retort {
namespace {

TEST(VersionTable, DefaultTable) {
  const VersionTable t;
  EXPECT_EQ(t.qualified(), "alembic_version");
  EXPECT_EQ(t.render(VersionChange::insert("ae10")),
            "INSERT INTO alembic_version (version_num) VALUES ('ae10')");
  EXPECT_EQ(t.render(VersionChange::update("ae10", "27c6")),
            "UPDATE alembic_version SET version_num='27c6' WHERE alembic_version.version_num = "
            "'ae10'");
  EXPECT_EQ(t.render(VersionChange::remove("27c6")),
            "DELETE FROM alembic_version WHERE alembic_version.version_num = '27c6'");
  EXPECT_EQ(t.create_sql(),
            "CREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n    "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)");
}

TEST(VersionTable, SchemaQualified) {
  const VersionTable t{"alembic_version", "myschema"};
  EXPECT_EQ(t.qualified(), "myschema.alembic_version");
  EXPECT_EQ(t.render(VersionChange::update("a", "b")),
            "UPDATE myschema.alembic_version SET version_num='b' WHERE "
            "myschema.alembic_version.version_num = 'a'");
  EXPECT_EQ(t.render(VersionChange::remove("a")),
            "DELETE FROM myschema.alembic_version WHERE myschema.alembic_version.version_num = 'a'");
  EXPECT_EQ(t.create_sql(),
            "CREATE TABLE myschema.alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n    "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)");
}

TEST(VersionTable, QuotesOnlyWhenNeeded) {
  const VersionTable mixed{"Version", "My Schema"};
  EXPECT_EQ(mixed.qualified(), "\"My Schema\".\"Version\"");
  EXPECT_EQ(mixed.create_sql(),
            "CREATE TABLE \"My Schema\".\"Version\" (\n    version_num VARCHAR(32) NOT NULL, \n  "
            "  CONSTRAINT \"Version_pkc\" PRIMARY KEY (version_num)\n)");
  EXPECT_EQ(mixed.render(VersionChange::insert("a")),
            "INSERT INTO \"My Schema\".\"Version\" (version_num) VALUES ('a')");

  // Reserved words are quoted; the constraint name built from them is not.
  const VersionTable reserved{"user", ""};
  EXPECT_EQ(reserved.render(VersionChange::update("a", "b")),
            "UPDATE \"user\" SET version_num='b' WHERE \"user\".version_num = 'a'");
  EXPECT_EQ(reserved.create_sql(),
            "CREATE TABLE \"user\" (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT "
            "user_pkc PRIMARY KEY (version_num)\n)");
  EXPECT_EQ((VersionTable{"order", "public"}).qualified(), "public.\"order\"");

  EXPECT_EQ((VersionTable{"1st", ""}).qualified(), "\"1st\"");
  EXPECT_EQ((VersionTable{"a$b_9", ""}).qualified(), "a$b_9");
  EXPECT_EQ((VersionTable{"we\"ird", ""}).qualified(), "\"we\"\"ird\"");
}

TEST(VersionTable, EscapesQuotesInValues) {
  const VersionTable t;
  EXPECT_EQ(t.render(VersionChange::insert("a'b")),
            "INSERT INTO alembic_version (version_num) VALUES ('a''b')");
  EXPECT_EQ(t.render(VersionChange::update("o'x", "n'y")),
            "UPDATE alembic_version SET version_num='n''y' WHERE alembic_version.version_num = "
            "'o''x'");
}

}  // namespace
}  // namespace retort
