// Code migrations, the parts that need neither a compiler nor a database:
// the cache hash, offline parameter inlining, the .cpp markers, and the
// header's C++ wrappers driven through a fake host.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/error.hpp>
#include <retort/migration.hpp>
#include <retort/script.hpp>

#include "code/host.hpp"
#include "code/sha256.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Sha256Test, KnownDigests) {
  // FIPS 180-4 examples.
  EXPECT_EQ(detail::Sha256().hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(detail::Sha256().update("abc").hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(detail::Sha256().update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hex(),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // Fed in pieces across block boundaries: the same digest.
  const std::string million(1000000, 'a');
  detail::Sha256 pieces;
  for (std::size_t i = 0; i < million.size(); i += 999) {
    pieces.update(std::string_view(million).substr(i, 999));
  }
  EXPECT_EQ(pieces.hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

std::vector<BoundValue> values() {
  std::vector<BoundValue> v(5);
  v[0].kind = BoundValue::Kind::text;
  v[0].text = "O'Brien";
  v[1].kind = BoundValue::Kind::integer;
  v[1].integer = -42;
  v[2].kind = BoundValue::Kind::real;
  v[2].real = 2.5;
  v[3].kind = BoundValue::Kind::boolean;
  v[3].integer = 1;
  v[4].kind = BoundValue::Kind::null;
  return v;
}

TEST(InlineParametersTest, PostgresLiteralsOutsideQuotesAndComments) {
  EXPECT_EQ(detail::inline_parameters("INSERT INTO t VALUES ($1, $2, $3, $4, $5)", values(), "postgresql"),
            "INSERT INTO t VALUES ('O''Brien', -42, 2.5, TRUE, NULL)");
  // $1 inside a string, a quoted name, a comment or a dollar quote stays.
  EXPECT_EQ(detail::inline_parameters("SELECT '$1', \"$1\" -- $1\n, $$ $1 $$, $f$ $1 $f$, $2", values(),
                                      "postgresql"),
            "SELECT '$1', \"$1\" -- $1\n, $$ $1 $$, $f$ $1 $f$, -42");
  // '?' is an operator in PostgreSQL (jsonb), never a parameter.
  EXPECT_EQ(detail::inline_parameters("SELECT j ? 'k' FROM t WHERE id = $2", values(), "postgresql"),
            "SELECT j ? 'k' FROM t WHERE id = -42");
}

TEST(InlineParametersTest, SqliteQuestionMarks) {
  EXPECT_EQ(detail::inline_parameters("VALUES (?, ?, ?3, $4)", values(), "sqlite"),
            "VALUES ('O''Brien', -42, 2.5, 1)");
}

TEST(InlineParametersTest, MissingValueIsAnError) {
  try {
    (void)detail::inline_parameters("SELECT $9", values(), "postgresql");
    FAIL() << "expected CommandError";
  } catch (const CommandError& e) {
    EXPECT_THAT(e.what(), HasSubstr("parameter 9 but 5 value(s) were given"));
  }
}

TEST(CppScriptTest, MarkersBelowTheHeaderSetTheSections) {
  const Script s = parse_cpp_script(
      "// backfill\n// Revision ID: a1\n// Revises: \n\n#include <retort/migration.hpp>\n\n"
      "  // migrate:upgrade transaction:false\nRETORT_UPGRADE(ctx) {}\n\nRETORT_DOWNGRADE(ctx) {}\n",
      "v/x.cpp");
  EXPECT_TRUE(s.upgrade.present);
  EXPECT_FALSE(s.upgrade.transactional);
  EXPECT_EQ(s.upgrade.first_line, 7);
  EXPECT_FALSE(s.downgrade.present);
  EXPECT_TRUE(s.downgrade.transactional);
}

TEST(CppScriptTest, BadMarkers) {
  try {
    (void)parse_cpp_script("// m\n// Revision ID: a1\n\n// migrate:sideways\n", "v/x.cpp");
    FAIL() << "expected ScriptError";
  } catch (const ScriptError& e) {
    EXPECT_THAT(e.what(), HasSubstr("v/x.cpp:4: unknown marker '// migrate:sideways'"));
  }
  try {
    (void)parse_cpp_script("// m\n// Revision ID: a1\n\n// migrate:upgrade transaction:maybe\n", "v/x.cpp");
    FAIL() << "expected ScriptError";
  } catch (const ScriptError& e) {
    EXPECT_THAT(e.what(), HasSubstr("v/x.cpp:4: unknown option 'transaction:maybe'"));
  }
  try {
    (void)parse_cpp_script("// m\n// Revision ID: a1\n// migrate:upgrade\n// migrate:upgrade\n", "v/x.cpp");
    FAIL() << "expected ScriptError";
  } catch (const ScriptError& e) {
    EXPECT_THAT(e.what(), HasSubstr("v/x.cpp:4: a second '// migrate:upgrade' marker"));
  }
}

// The header's wrappers against the offline host: statements are recorded
// with their parameters inlined, query() refuses, arguments and logging
// reach the host, and an escaping exception is caught at the boundary.
void offline_body(MigrationContext& ctx) {
  EXPECT_TRUE(ctx.offline());
  EXPECT_EQ(ctx.backend(), "postgresql");
  EXPECT_EQ(ctx.revision(), "abc123");
  EXPECT_EQ(ctx.arg("mode"), "fast");
  EXPECT_EQ(ctx.arg("missing", "dflt"), "dflt");
  EXPECT_EQ(ctx.execute("UPDATE t SET a = $1, b = $2, c = $3 WHERE d = $4", "x'y", 7, std::nullopt, true), 0);
  ctx.info("hello");
  ctx.warning("careful");
  try {
    (void)ctx.query("SELECT 1");
    ADD_FAILURE() << "query() should fail offline";
  } catch (const MigrationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("needs a live database"));
  }
  throw std::runtime_error("stop here");
}

TEST(MigrationHostTest, OfflineRecordsAndCatchesExceptions) {
  std::vector<std::string> log;
  detail::MigrationHost host("postgresql", "abc123", {{"mode", "slow"}, {"mode", "fast"}},
                             [&](int level, std::string_view m) { log.push_back(std::to_string(level) + std::string(m)); });
  EXPECT_EQ(detail::run_migration(host.c_host(), &offline_body), 1);
  EXPECT_THAT(host.recorded(), ElementsAre("UPDATE t SET a = 'x''y', b = 7, c = NULL WHERE d = TRUE"));
  EXPECT_THAT(log, ElementsAre("0hello", "1careful"));
  EXPECT_EQ(host.exception_message(), "stop here");
}

TEST(MigrationHeaderTest, RowsAndFields) {
  Rows rows;
  Rows::on_column(&rows, "id", 2);
  Rows::on_column(&rows, "name", 4);
  Rows::on_value(&rows, "1", 1, 0);
  Rows::on_value(&rows, nullptr, 0, 1);
  Rows::on_value(&rows, "2", 1, 0);
  Rows::on_value(&rows, "bo", 2, 0);
  const Rows copy = rows;  // copies keep working column names
  ASSERT_EQ(copy.size(), 2u);
  EXPECT_EQ(copy[0]["id"].as_int(), 1);
  EXPECT_TRUE(copy[0]["name"].is_null());
  EXPECT_EQ(copy[1][1].str(), "bo");
  EXPECT_THROW((void)copy[0]["nope"], MigrationError);
  EXPECT_THROW((void)copy[0][1].str(), MigrationError);
  EXPECT_THROW((void)copy[1][1].as_int(), MigrationError);
  EXPECT_TRUE(Field(std::string("t")).as_bool());
  EXPECT_DOUBLE_EQ(Field(std::string("2.5")).as_double(), 2.5);
}

}  // namespace
}  // namespace retort
