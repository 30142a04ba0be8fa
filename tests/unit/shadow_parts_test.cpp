// How the declared schema is cut into transactions for the shadow database
// (autogen::shadow_parts); the parts running on a real server are tested in
// tests/pg/autogen_shadow_test.cpp.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>

#include <retort/error.hpp>

#include "autogen/shadow.hpp"

namespace retort::autogen {
namespace {

// The text of each part.
std::vector<std::string> parts_of(std::string_view text, std::size_t per_part) {
  std::vector<std::string> out;
  for (const auto& [begin, end] : shadow_parts(text, per_part)) {
    out.emplace_back(text.substr(begin, end - begin));
  }
  return out;
}

TEST(ShadowParts, WholeStatementsInPartsOfTheGivenSize) {
  const std::string text =
      "-- users\nCREATE TABLE a (id int);\nCREATE TABLE b (t text DEFAULT 'x;y');\n"
      "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
      "/* last */ CREATE INDEX ix ON a (id);\n-- trailing comment\n";
  EXPECT_EQ(parts_of(text, 2),
            (std::vector<std::string>{
                "CREATE TABLE a (id int);\nCREATE TABLE b (t text DEFAULT 'x;y')",
                "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n/* last */ CREATE INDEX ix ON a (id)"}));
  EXPECT_EQ(parts_of(text, 3).size(), 2U);
  EXPECT_EQ(parts_of(text, 4).size(), 1U);
  EXPECT_EQ(parts_of(text, 32).size(), 1U);
  // 0: one part, as written.
  EXPECT_EQ(parts_of(text, 0), parts_of(text, 4));
}

TEST(ShadowParts, ByteRangesPointIntoTheFile) {
  const std::string text = "\n\nCREATE TABLE a (id int);\n  CREATE TABLE b (id int)";
  const auto parts = shadow_parts(text, 1);
  ASSERT_EQ(parts.size(), 2U);
  EXPECT_EQ(parts[0].first, 2U);
  EXPECT_EQ(parts[1].first, text.find("CREATE TABLE b"));
  EXPECT_EQ(parts[1].second, text.size());  // no ';' at the end of the file
}

TEST(ShadowParts, NothingToRunGivesNoPart) {
  EXPECT_TRUE(shadow_parts("", 32).empty());
  EXPECT_TRUE(shadow_parts("-- only a comment\n;\n /* and another */", 32).empty());
}

TEST(ShadowParts, AFileThatManagesItsTransactionStaysOnePart) {
  const std::string tables = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCREATE TABLE c (id int);\n";
  for (const std::string statement :
       {"BEGIN", "begin transaction", "START TRANSACTION", "COMMIT", "end", "ROLLBACK", "ABORT", "SAVEPOINT s",
        "RELEASE SAVEPOINT s", "PREPARE TRANSACTION 'x'", "SET LOCAL search_path = app", "set /* c */ local x.y = 1",
        "SET CONSTRAINTS ALL DEFERRED", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "LOCK TABLE a",
        "DECLARE c CURSOR FOR SELECT 1", "CREATE TEMP TABLE t (id int) ON COMMIT DROP",
        "create temporary table t (id int)", "CREATE GLOBAL TEMPORARY TABLE t (id int)",
        "CREATE LOCAL TEMP TABLE t (id int)"}) {
    const std::string text = tables + statement + ";\n" + tables;
    EXPECT_EQ(parts_of(text, 2).size(), 1U) << statement;
  }
}

TEST(ShadowParts, StatementsThatOnlyLookLikeTransactionControlDoNotCount) {
  const std::string text =
      "SET search_path = app, public;\n"
      "CREATE TABLE begin_log (id int);\n"
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n"
      "CREATE TABLE settings (local text, \"commit\" text);\n"
      "COMMENT ON TABLE settings IS 'BEGIN; COMMIT;';\n"
      "CREATE TRIGGER t BEFORE INSERT ON settings FOR EACH ROW EXECUTE FUNCTION g();\n"
      "SET SESSION AUTHORIZATION DEFAULT;\n"
      "CREATE TABLE temp_things (id int);\n";
  EXPECT_EQ(parts_of(text, 2).size(), 4U);
}

// pg_dump 15.14 and later write psql's \restrict KEY first and \unrestrict
// KEY last: blanked out, lines kept; other meta-commands are an error.
TEST(PsqlGuards, PgDumpGuardLinesAreBlankedAndLinesKept) {
  const std::string dump =
      "\\restrict Xy12\n\n-- Dumped by pg_dump\nSET statement_timeout = 0;\nCREATE TABLE a (t text DEFAULT E'\\\\x');\n"
      "\n\\unrestrict Xy12\n";
  const std::string out = without_psql_guards("dump.sql", dump);
  EXPECT_EQ(out, std::string(14, ' ') +
                     "\n\n-- Dumped by pg_dump\nSET statement_timeout = 0;\nCREATE TABLE a (t text DEFAULT E'\\\\x');\n\n" +
                     std::string(16, ' ') + "\n");
  EXPECT_EQ(parts_of(out, 32), std::vector<std::string>{"SET statement_timeout = 0;\nCREATE TABLE a (t text DEFAULT E'\\\\x')"});
  const std::string plain = "CREATE TABLE a (t text DEFAULT '\\restrict');\n";
  EXPECT_EQ(without_psql_guards("plain.sql", plain), plain);
}

TEST(PsqlGuards, CopyFromStdinIsAnErrorWithFileAndLine) {
  for (const char* text : {"CREATE TABLE a (id int);\n\nCOPY a (id) FROM stdin;\n1\n2\n\\.\n",
                           "CREATE TABLE a (id int);\n\ncopy a from STDIN;\nCREATE TABLE b (id int);\n"}) {
    SCOPED_TRACE(text);
    try {
      (void)without_psql_guards("schema/a.sql", text);
      FAIL() << "accepted";
    } catch (const ScriptError& e) {
      EXPECT_EQ(e.line(), 3);
      EXPECT_THAT(e.what(), ::testing::StartsWith("schema/a.sql:3: COPY ... FROM STDIN loads rows"));
    }
  }
  const std::string plain = "CREATE TABLE stdin (id int);\nCOMMENT ON TABLE stdin IS 'COPY x FROM stdin';\n";
  EXPECT_EQ(without_psql_guards("plain.sql", plain), plain);
}

TEST(PsqlGuards, OtherMetaCommandsAreAnErrorWithFileAndLine) {
  try {
    (void)without_psql_guards("schema/a.sql", "CREATE TABLE a (id int);\n\n\\connect other\nCREATE TABLE b (id int);\n");
    FAIL() << "accepted";
  } catch (const ScriptError& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_THAT(e.what(), ::testing::StartsWith("schema/a.sql:3: the psql meta-command '\\connect' is not SQL"));
  }
}

}  // namespace
}  // namespace retort::autogen
