#include "util/sql_split.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace retort::util {
namespace {

std::vector<std::string> texts(std::string_view script, SqlDialect d = SqlDialect::postgresql) {
  std::vector<std::string> out;
  for (const auto& s : split_sql(script, d)) {
    out.emplace_back(s.text);
  }
  return out;
}

std::vector<std::size_t> offsets(std::string_view script, SqlDialect d = SqlDialect::postgresql) {
  std::vector<std::size_t> out;
  for (const auto& s : split_sql(script, d)) {
    out.push_back(s.offset);
  }
  return out;
}

using Texts = std::vector<std::string>;
using Offsets = std::vector<std::size_t>;

TEST(SqlSplit, EmptyAndCommentOnlyScriptsHaveNoStatements) {
  EXPECT_TRUE(split_sql("", SqlDialect::postgresql).empty());
  EXPECT_TRUE(split_sql("  \n\t ", SqlDialect::postgresql).empty());
  EXPECT_TRUE(split_sql("-- nothing here\n/* or here */;\n;;", SqlDialect::postgresql).empty());
  EXPECT_TRUE(split_sql("-- no newline at the end", SqlDialect::sqlite).empty());
}

TEST(SqlSplit, SplitsOnSemicolonsAndTrimsTrailingSpace) {
  EXPECT_EQ(texts("SELECT 1; SELECT 2 ;\nSELECT 3"), (Texts{"SELECT 1", "SELECT 2", "SELECT 3"}));
}

TEST(SqlSplit, OffsetsSkipLeadingSpaceAndComments) {
  const std::string script = "-- header\n\nCREATE TABLE t (id int);\n  /* c */ -- d\n  INSERT INTO t VALUES (1);";
  EXPECT_EQ(offsets(script), (Offsets{script.find("CREATE"), script.find("INSERT")}));
  EXPECT_EQ(texts(script), (Texts{"CREATE TABLE t (id int)", "INSERT INTO t VALUES (1)"}));
}

TEST(SqlSplit, CommentsInsideAndAfterAStatementStayInIt) {
  EXPECT_EQ(texts("SELECT 1 -- one; not a split\n, 2; SELECT /* ; */ 3 -- tail\n"),
            (Texts{"SELECT 1 -- one; not a split\n, 2", "SELECT /* ; */ 3 -- tail"}));
}

TEST(SqlSplit, StringsWithDoubledQuotes) {
  EXPECT_EQ(texts("INSERT INTO t VALUES ('a;''b;'); SELECT ';'"),
            (Texts{"INSERT INTO t VALUES ('a;''b;')", "SELECT ';'"}));
}

TEST(SqlSplit, EscapeStringsWithBackslashes) {
  EXPECT_EQ(texts(R"(SELECT E'it\'s;', e'\\'; SELECT 2)"),
            (Texts{R"(SELECT E'it\'s;', e'\\')", "SELECT 2"}));
  // Without E a backslash is an ordinary character (standard_conforming_strings).
  EXPECT_EQ(texts(R"(SELECT 'a\'; SELECT 2)"), (Texts{R"(SELECT 'a\')", "SELECT 2"}));
}

TEST(SqlSplit, QuotedIdentifiers) {
  EXPECT_EQ(texts(R"(CREATE TABLE "we;ird""x" (id int); SELECT 1)"),
            (Texts{R"(CREATE TABLE "we;ird""x" (id int))", "SELECT 1"}));
}

TEST(SqlSplit, DollarQuotes) {
  const std::string fn =
      "CREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN\n  PERFORM 1; -- $$ ;\n  RETURN "
      "NEW;\nEND;\n$body$ LANGUAGE plpgsql";
  EXPECT_EQ(texts(fn + ";\nDO $$ BEGIN RAISE NOTICE 'x;'; END $$; SELECT 3"),
            (Texts{fn, "DO $$ BEGIN RAISE NOTICE 'x;'; END $$", "SELECT 3"}));
}

TEST(SqlSplit, DollarSignsThatAreNotQuotes) {
  // Parameters and identifiers holding '$' do not open a dollar quote.
  EXPECT_EQ(texts("SELECT $1; SELECT a$b$ FROM t; SELECT 2"),
            (Texts{"SELECT $1", "SELECT a$b$ FROM t", "SELECT 2"}));
}

TEST(SqlSplit, NestedBlockCommentsInPostgresql) {
  EXPECT_EQ(texts("/* a /* b; */ c; */ SELECT 1; SELECT 2"), (Texts{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(offsets("/* a /* b; */ c; */ SELECT 1"), (Offsets{20}));
}

TEST(SqlSplit, BlockCommentsDoNotNestInSqlite) {
  EXPECT_EQ(texts("/* a /* b */ SELECT 1; SELECT 2", SqlDialect::sqlite),
            (Texts{"SELECT 1", "SELECT 2"}));
}

TEST(SqlSplit, ParenthesesKeepRuleActionsTogether) {
  EXPECT_EQ(texts("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT "
                  "INTO b VALUES (2)); SELECT 1"),
            (Texts{"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT "
                   "INTO b VALUES (2))",
                   "SELECT 1"}));
}

TEST(SqlSplit, BeginAtomicFunctionBodies) {
  const std::string fn =
      "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT "
      "CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND";
  EXPECT_EQ(texts(fn + ";\nSELECT 3;"), (Texts{fn, "SELECT 3"}));
  const std::string proc = "create procedure p() begin atomic insert into t values (1); end";
  EXPECT_EQ(texts(proc + "; select 1"), (Texts{proc, "select 1"}));
}

TEST(SqlSplit, BeginOutsideRoutinesIsATransaction) {
  EXPECT_EQ(texts("BEGIN; CREATE TABLE t (id int); END;"),
            (Texts{"BEGIN", "CREATE TABLE t (id int)", "END"}));
}

TEST(SqlSplit, SqliteTriggerBodies) {
  const std::string trigger =
      "CREATE TRIGGER trg AFTER INSERT ON t\nBEGIN\n  UPDATE t SET n = CASE WHEN new.n IS NULL "
      "THEN 0 ELSE new.n END WHERE id = new.id;\n  INSERT INTO log VALUES ('x;');\nEND";
  EXPECT_EQ(texts(trigger + ";\nINSERT INTO t VALUES (1);", SqlDialect::sqlite),
            (Texts{trigger, "INSERT INTO t VALUES (1)"}));
  const std::string temp =
      "create temp trigger if not exists t2 before delete on t begin select 1; end";
  EXPECT_EQ(texts(temp + ";select 2", SqlDialect::sqlite), (Texts{temp, "select 2"}));
}

TEST(SqlSplit, SqliteBracketAndBacktickIdentifiers) {
  EXPECT_EQ(texts("CREATE TABLE [a;b] (`c;d` int); SELECT 1", SqlDialect::sqlite),
            (Texts{"CREATE TABLE [a;b] (`c;d` int)", "SELECT 1"}));
}

TEST(SqlSplit, UnterminatedQuotesRunToTheEnd) {
  EXPECT_EQ(texts("SELECT 1; SELECT 'oops; SELECT 2"), (Texts{"SELECT 1", "SELECT 'oops; SELECT 2"}));
  EXPECT_EQ(texts("SELECT 1; SELECT $x$ never closed;"),
            (Texts{"SELECT 1", "SELECT $x$ never closed;"}));
  EXPECT_EQ(texts("SELECT 1; /* open comment; SELECT 2"), (Texts{"SELECT 1"}));
}

TEST(SqlSplit, MultibyteText) {
  const std::string script = "-- ünïcode\nINSERT INTO t VALUES ('ä;ö'); SELECT 'ß'";
  EXPECT_EQ(texts(script), (Texts{"INSERT INTO t VALUES ('ä;ö')", "SELECT 'ß'"}));
  EXPECT_EQ(offsets(script), (Offsets{script.find("INSERT"), script.find("SELECT")}));
}

TEST(SqlSplit, SkipSpaceAndComments) {
  const std::string s = "  -- a\n /* b /* c */ */ \n SELECT";
  EXPECT_EQ(skip_space_and_comments(s, 0, SqlDialect::postgresql), s.find("SELECT"));
  EXPECT_EQ(skip_space_and_comments(s, s.find("SELECT"), SqlDialect::postgresql), s.find("SELECT"));
  EXPECT_EQ(skip_space_and_comments("  -- x", 0, SqlDialect::sqlite), 6U);
  EXPECT_EQ(skip_space_and_comments("", 0, SqlDialect::sqlite), 0U);
}

TEST(PsqlMetaCommand, NamedInTheErrorAndOnlyAtTheStart) {
  EXPECT_EQ(psql_meta_command_error("\\set ON_ERROR_STOP on\nSELECT 1"),
            "'\\set' is a psql meta-command, not SQL: db sends each statement to the database itself, not "
            "through psql; remove the line, or write in SQL what it did");
  EXPECT_THAT(psql_meta_command_error("\\i other.sql"), ::testing::StartsWith("'\\i' is a psql meta-command"));
  EXPECT_EQ(psql_meta_command_error("SELECT E'\\set'"), "");
  EXPECT_EQ(psql_meta_command_error(""), "");
}

TEST(CopiesFromStdin, TheStatementsPsqlFeedsRowsTo) {
  for (const char* statement : {
           "COPY t FROM STDIN",
           "copy t from stdin",
           "COPY public.t (id, \"from\") FROM stdin WITH (FORMAT csv, HEADER true)",
           "COPY \"odd table\" FROM /* rows follow */ STDIN",
           "COPY t -- comment\nFROM\n  Stdin",
           "COPY t FROM STDIN WHERE id > 0",
       }) {
    EXPECT_TRUE(copies_from_stdin(statement)) << statement;
  }
}

TEST(CopiesFromStdin, OtherStatementsAndOtherCopies) {
  for (const char* statement : {
           "COPY t FROM '/srv/rows.csv'",
           "COPY t FROM PROGRAM 'cat stdin'",
           "COPY t TO STDOUT",
           "COPY (SELECT * FROM stdin) TO STDOUT",
           "COPY stdin FROM '/srv/rows.csv'",
           "COPY t (stdin, \"from\") FROM '/x'",
           "COPY t FROM 'stdin'",
           "COPY t FROM \"stdin\"",
           "SELECT 'COPY t FROM STDIN'",
           "INSERT INTO log VALUES ('copy from stdin')",
           "CREATE TABLE stdin (id int)",
           "SELECT * FROM stdin",
           "COPY t FROM stdin_rows",
           "",
       }) {
    EXPECT_FALSE(copies_from_stdin(statement)) << statement;
  }
}

}  // namespace
}  // namespace retort::util
