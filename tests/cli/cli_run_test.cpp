// The real `db` binary running migrations (issue 3), on SQLite and on
// PostgreSQL (RETORT_TEST_PG_URL; skipped without it): push, upgrade,
// downgrade, stamp, current, status, migrate, reset, failures, URLs, and the
// offline --sql rendering.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>

#include "cli/cli_fixture.hpp"

namespace retort::test {
namespace {

using nlohmann::json;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

const std::string r1 = "a1a1a1a1a1a1";
const std::string r2 = "b2b2b2b2b2b2";
const std::string r3 = "c3c3c3c3c3c3";
const std::string r4 = "d4d4d4d4d4d4";

std::vector<Migration> standard_migrations() {
  return {
      {r1, {}, "create users", "CREATE TABLE users (id integer PRIMARY KEY, name text);", "DROP TABLE users;"},
      {r2, {r1}, "add email", "ALTER TABLE users ADD COLUMN email text;", "ALTER TABLE users DROP COLUMN email;"},
      {r3, {r2}, "create posts",
       "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer);\n"
       "INSERT INTO users (id, name) VALUES (1, 'ann');",
       "DELETE FROM users WHERE id = 1;\nDROP TABLE posts;"},
  };
}


// `url` with user:password put into its authority (postgresql:///db?... ->
// postgresql://user:pw@/db?...).
std::string with_password(const std::string& url, const std::string& user, const std::string& password) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme + 3);
  return url.substr(0, scheme + 3) + user + ":" + password + "@" + url.substr(path);
}

class CliRun : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (pg()) {
      RETORT_REQUIRE_PG();
    }
    m_db = make_test_db(GetParam(), project.dir(), "clirun");
    configure();
  }

  bool pg() const { return GetParam() == "postgresql"; }
  TestDb& database() { return *m_db; }

  void configure(const std::string& database_extra = "") { project.write_config(m_db->url(), database_extra); }
  void add_standard() {
    for (const auto& m : standard_migrations()) {
      project.add(m);
    }
  }
  RunOutput db(const std::vector<std::string>& args, const RunSpec& spec = {}) { return project.db(args, spec); }
  RunOutput ok(const std::vector<std::string>& args, const RunSpec& spec = {}) {
    auto r = db(args, spec);
    EXPECT_EQ(r.exit_code, 0) << r;
    return r;
  }
  RunOutput fails(const std::vector<std::string>& args, const std::string& message, const RunSpec& spec = {}) {
    auto r = db(args, spec);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.err, HasSubstr("db: error: ")) << r;
    EXPECT_THAT(r.err, HasSubstr(message)) << r;
    return r;
  }
  std::vector<std::string> versions() { return m_db->versions(); }
  bool has_table(const std::string& t) { return m_db->has_table(t); }
  std::vector<std::string> columns_of(const std::string& table) {
    if (pg()) {
      return m_db->query("SELECT column_name::text FROM information_schema.columns WHERE table_name = '" + table +
                         "' ORDER BY ordinal_position");
    }
    return m_db->query("SELECT name FROM pragma_table_info('" + table + "')");
  }
  bool has_index(const std::string& name) {
    if (pg()) {
      return m_db->query("SELECT (to_regclass('" + name + "') IS NOT NULL)::text") == std::vector<std::string>{"true"};
    }
    return !m_db->query("SELECT name FROM sqlite_master WHERE type = 'index' AND name = '" + name + "'").empty();
  }
  // The SQLSTATE text the backend reports for a missing table.
  std::string missing_table_state() const { return pg() ? "SQLSTATE: 42P01" : "SQLSTATE: SQLITE_ERROR"; }

  CliProject project;

 private:
  std::unique_ptr<TestDb> m_db;
};

INSTANTIATE_TEST_SUITE_P(Backends, CliRun, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

// Checks that only mean something on PostgreSQL (SQLite URLs carry no
// password).
class CliRunPg : public CliRun {};
INSTANTIATE_TEST_SUITE_P(Backends, CliRunPg, ::testing::Values("postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST_P(CliRun, UpgradeDowngradeCurrentStatusOnASmallProject) {
  add_standard();

  // Nothing applied yet: no version table, and read-only commands create none.
  auto current = ok({"current"});
  EXPECT_EQ(current.out, "");
  auto status = ok({"status"});
  EXPECT_EQ(status.out, "Current revision(s): (none)\nHead revision(s):    " + r3 +
                            "\n3 pending migration(s), in the order 'db push' would run them:\n"
                            "  upgrade  -> " + r1 + ", create users\n"
                            "  upgrade " + r1 + " -> " + r2 + ", add email\n"
                            "  upgrade " + r2 + " -> " + r3 + ", create posts\n");
  EXPECT_FALSE(has_table("alembic_version"));

  ok({"upgrade", r2.substr(0, 6)});
  EXPECT_THAT(versions(), ElementsAre(r2));
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name", "email"));
  EXPECT_FALSE(has_table("posts"));
  EXPECT_EQ(ok({"current"}).out, r2 + "\n");
  EXPECT_THAT(ok({"status"}).out, HasSubstr("1 pending migration(s)"));

  ok({"upgrade", "+1"});
  EXPECT_THAT(versions(), ElementsAre(r3));
  EXPECT_TRUE(has_table("posts"));
  EXPECT_EQ(ok({"current"}).out, r3 + " (head)\n");

  // `downgrade -1`: -1 is a value, not an option.
  const auto down = ok({"downgrade", "-1"});
  EXPECT_THAT(down.err, HasSubstr("Running downgrade " + r3 + " -> " + r2 + ", create posts (")) << down;
  EXPECT_THAT(versions(), ElementsAre(r2));
  EXPECT_FALSE(has_table("posts"));

  ok({"push"});
  EXPECT_THAT(versions(), ElementsAre(r3));
  EXPECT_EQ(ok({"status"}).out,
            "Current revision(s): " + r3 + "\nHead revision(s):    " + r3 + "\nUp to date: nothing to apply.\n");
  const auto again = ok({"migrate"});
  EXPECT_THAT(again.err, Not(HasSubstr("Running"))) << again;
  EXPECT_THAT(versions(), ElementsAre(r3));

  // To base: the table stays, empty, as Alembic leaves it.
  ok({"downgrade", "base"});
  EXPECT_TRUE(has_table("alembic_version"));
  EXPECT_THAT(versions(), IsEmpty());
  EXPECT_FALSE(has_table("users"));
  EXPECT_EQ(ok({"current"}).out, "");

  ok({"migrate"});
  EXPECT_THAT(versions(), ElementsAre(r3));
  EXPECT_EQ(database().query("SELECT name FROM users"), std::vector<std::string>{"ann"});

  // Errors in targets change nothing.
  fails({"downgrade", "zzzzzz"}, "Can't locate revision identified by 'zzzzzz'");
  fails({"upgrade", "-1"}, "");
  EXPECT_THAT(versions(), ElementsAre(r3));
}

TEST_P(CliRun, PushWarnsAboutSeveralHeads) {
  add_standard();
  project.add({r4, {r1}, "side branch", "CREATE TABLE side (id integer);", "DROP TABLE side;"});
  const auto r = ok({"push"});
  EXPECT_THAT(r.err, AllOf(HasSubstr("db: warning: there are 2 heads"), HasSubstr("db merge heads"))) << r;
  EXPECT_THAT(versions(), ElementsAre(r3, r4));
  EXPECT_TRUE(has_table("side"));
  fails({"upgrade", "head"}, "Multiple head revisions are present");
  EXPECT_EQ(ok({"current"}).out, r3 + " (head)\n" + r4 + " (head)\n");
  ok({"current", "--check-heads"});
}

TEST_P(CliRun, UsageErrorsOnRunCommands) {
  add_standard();
  EXPECT_EQ(db({"upgrade"}).exit_code, 2);
  EXPECT_EQ(db({"push", "heads"}).exit_code, 2);
  EXPECT_EQ(db({"stamp"}).exit_code, 2);
  EXPECT_EQ(db({"downgrade", "-1", "-2"}).exit_code, 2);
  EXPECT_FALSE(has_table("alembic_version"));
}

TEST_P(CliRun, CurrentVerboseAndCheckHeads) {
  add_standard();
  ok({"upgrade", r2});
  fails({"current", "--check-heads"}, "Database is not on all head revisions");
  ok({"push"});
  EXPECT_EQ(ok({"current", "--check-heads"}).out, r3 + " (head)\n");
  const auto verbose = ok({"current", "-v"});
  EXPECT_THAT(verbose.out, StartsWith("Current revision(s) for "));
  EXPECT_THAT(verbose.out, HasSubstr("Rev: " + r3 + " (head)\nParent: " + r2 + "\nPath: " +
                                     project.file_of(standard_migrations()[2]).string() + "\n"));
  EXPECT_THAT(verbose.out, HasSubstr("    create posts\n"));
}

TEST_P(CliRun, VersionTableDdlIsAlembics) {
  add_standard();
  ok({"upgrade", r1});
  if (pg()) {
    EXPECT_THAT(database().query("SELECT a.attname || '|' || format_type(a.atttypid, a.atttypmod) || '|' || "
                                 "a.attnotnull::text FROM pg_attribute a WHERE a.attrelid = "
                                 "'alembic_version'::regclass AND a.attnum > 0 AND NOT a.attisdropped"),
                ElementsAre("version_num|character varying(32)|true"));
    EXPECT_THAT(database().query("SELECT c.conname || '|' || c.contype::text || '|' || pg_get_constraintdef(c.oid) "
                                 "FROM pg_constraint c WHERE c.conrelid = 'alembic_version'::regclass"),
                ElementsAre("alembic_version_pkc|p|PRIMARY KEY (version_num)"));
  } else {
    EXPECT_THAT(database().query("SELECT name || '|' || type || '|' || \"notnull\" || '|' || pk FROM "
                                 "pragma_table_info('alembic_version')"),
                ElementsAre("version_num|VARCHAR(32)|1|1"));
    const auto ddl = database().query("SELECT sql FROM sqlite_master WHERE name = 'alembic_version'");
    ASSERT_EQ(ddl.size(), 1u);
    EXPECT_THAT(ddl[0], AllOf(HasSubstr("version_num VARCHAR(32) NOT NULL"),
                              HasSubstr("CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)")));
    EXPECT_THAT(database().query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                                 "'alembic_version'"),
                ElementsAre("sqlite_autoindex_alembic_version_1"));
  }

  // A configured name: <name>_pkc (stamp creates it without running SQL).
  configure("version_table = \"schema_versions\"");
  ok({"stamp", "heads"});
  EXPECT_TRUE(has_table("schema_versions"));
  EXPECT_EQ(database().query("SELECT version_num FROM schema_versions"), std::vector<std::string>{r3});
  EXPECT_THAT(versions(), ElementsAre(r1));
  if (pg()) {
    EXPECT_THAT(database().query("SELECT conname::text FROM pg_constraint WHERE conrelid = "
                                 "'schema_versions'::regclass"),
                ElementsAre("schema_versions_pkc"));
  } else {
    EXPECT_THAT(database().query("SELECT sql FROM sqlite_master WHERE name = 'schema_versions'")[0],
                HasSubstr("CONSTRAINT schema_versions_pkc PRIMARY KEY (version_num)"));
  }
}

TEST_P(CliRun, StampAndPurgeRunNoMigrations) {
  add_standard();
  ok({"stamp", r2});
  EXPECT_THAT(versions(), ElementsAre(r2));
  EXPECT_FALSE(has_table("users"));
  const auto stamped = ok({"stamp", "heads"});
  EXPECT_THAT(stamped.err, HasSubstr("Running stamp_revision " + r2 + " -> " + r3)) << stamped;
  EXPECT_THAT(versions(), ElementsAre(r3));
  ok({"stamp", "--purge", r1});
  EXPECT_THAT(versions(), ElementsAre(r1));
  ok({"stamp", "base"});
  EXPECT_TRUE(has_table("alembic_version"));
  EXPECT_THAT(versions(), IsEmpty());

  // A row no file defines: plain stamp cannot start from it, --purge can.
  ok({"stamp", r2});
  database().exec("UPDATE alembic_version SET version_num = 'ffffffffffff'");
  fails({"stamp", r3}, "ffffffffffff");
  EXPECT_THAT(versions(), ElementsAre("ffffffffffff"));
  ok({"stamp", "--purge", r3});
  EXPECT_THAT(versions(), ElementsAre(r3));
  EXPECT_FALSE(has_table("users"));
}

TEST_P(CliRun, JsonSummaries) {
  add_standard();
  const auto push = json::parse(ok({"push", "--json"}).out);
  ASSERT_EQ(push["steps"].size(), 3u);
  EXPECT_EQ(push["steps"][0]["revision"], r1);
  EXPECT_EQ(push["steps"][0]["direction"], "up");
  EXPECT_EQ(push["steps"][2]["message"], "create posts");
  EXPECT_EQ(push["rows_before"], json::array());
  EXPECT_EQ(push["rows_after"], json({r3}));

  const auto current = json::parse(ok({"current", "--json"}).out);
  EXPECT_EQ(current["rows"], json({r3}));
  EXPECT_EQ(current["current"][0]["revision"], r3);

  ok({"downgrade", "-2"});
  const auto status = json::parse(ok({"status", "--json"}).out);
  EXPECT_EQ(status["rows"], json({r1}));
  EXPECT_EQ(status["heads"], json({r3}));
  ASSERT_EQ(status["pending"].size(), 2u);
  EXPECT_EQ(status["pending"][0]["revision"], r2);
  EXPECT_EQ(status["pending"][1]["revision"], r3);
  EXPECT_EQ(status["unknown_rows"], json::array());

  const auto down = json::parse(ok({"downgrade", "base", "--json"}).out);
  ASSERT_EQ(down["steps"].size(), 1u);
  EXPECT_EQ(down["steps"][0]["direction"], "down");
  EXPECT_EQ(down["rows_after"], json::array());
}

TEST_P(CliRun, StepLogOnStderrAndQuiet) {
  add_standard();
  const auto r = ok({"push"});
  EXPECT_EQ(r.out, "");
  const auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 3u) << r;
  const std::regex step(R"(^Running upgrade ([0-9a-f]*) -> ([0-9a-f]+), (.+) \((\d+) ms\)$)");
  for (const auto& l : lines) {
    EXPECT_TRUE(std::regex_match(l, step)) << l;
  }
  EXPECT_THAT(lines[0], StartsWith("Running upgrade  -> " + r1 + ", create users ("));
  EXPECT_THAT(lines[1], StartsWith("Running upgrade " + r1 + " -> " + r2 + ", add email ("));
  EXPECT_THAT(lines[2], StartsWith("Running upgrade " + r2 + " -> " + r3 + ", create posts ("));

  const auto quiet = ok({"-q", "downgrade", "base"});
  EXPECT_EQ(quiet.err, "") << quiet;
  EXPECT_EQ(quiet.out, "") << quiet;
  const auto quiet2 = ok({"push", "--quiet"});
  EXPECT_EQ(quiet2.err, "") << quiet2;
  EXPECT_THAT(versions(), ElementsAre(r3));
}

// r4 fails at its third statement; `fixed` makes it work.
Migration failing_migration(bool fixed) {
  return {r4, {r3}, "add comments",
          "CREATE TABLE comments (id integer);\n"
          "INSERT INTO comments (id) VALUES (1);\n"
          "INSERT INTO " + std::string(fixed ? "comments" : "missing_table") + " (id) VALUES (2);\n",
          "DROP TABLE comments;"};
}

TEST_P(CliRun, SqlErrorInOneTransactionPerRunAppliesNothing) {
  add_standard();
  ok({"upgrade", r2});
  const auto file = project.add(failing_migration(false));
  const auto r = fails({"push"}, file.string() + ":" + std::to_string(line_in(file, "missing_table")) +
                                     ": upgrade of revision " + r4 + " failed: ");
  EXPECT_THAT(r.err, HasSubstr(missing_table_state())) << r;
  EXPECT_THAT(r.err, HasSubstr("missing_table")) << r;
  // transaction_per_migration = false (the default): r3 and r4 rolled back.
  EXPECT_THAT(versions(), ElementsAre(r2));
  EXPECT_FALSE(has_table("posts"));
  EXPECT_FALSE(has_table("comments"));

  // Fixed, a re-run continues from r2.
  project.add(failing_migration(true));
  const auto again = ok({"push"});
  EXPECT_THAT(again.err, HasSubstr("Running upgrade " + r2 + " -> " + r3)) << again;
  EXPECT_THAT(versions(), ElementsAre(r4));
  EXPECT_EQ(database().query("SELECT count(*) FROM comments"), std::vector<std::string>{"2"});
}

TEST_P(CliRun, SqlErrorWithTransactionPerMigrationKeepsEarlierSteps) {
  configure("transaction_per_migration = true");
  add_standard();
  const auto file = project.add(failing_migration(false));
  const auto r = fails({"push"}, file.string() + ":" + std::to_string(line_in(file, "missing_table")) + ": ");
  EXPECT_THAT(r.err, HasSubstr(missing_table_state())) << r;
  EXPECT_THAT(versions(), ElementsAre(r3));
  EXPECT_TRUE(has_table("posts"));
  EXPECT_FALSE(has_table("comments"));
  EXPECT_EQ(ok({"current"}).out, r3 + "\n");

  project.add(failing_migration(true));
  const auto again = ok({"push"});
  EXPECT_THAT(again.err, Not(HasSubstr("-> " + r3))) << again;
  EXPECT_THAT(versions(), ElementsAre(r4));
}

TEST_P(CliRun, SqlErrorInADowngrade) {
  add_standard();
  ok({"push"});
  auto broken = standard_migrations()[2];
  broken.downgrade = "DROP TABLE posts;\nDROP TABLE no_such_table;";
  const auto file = project.add(broken);
  const auto r = fails({"downgrade", "base"}, file.string() + ":" + std::to_string(line_in(file, "no_such_table")) +
                                                  ": downgrade of revision " + r3 + " failed: ");
  EXPECT_THAT(versions(), ElementsAre(r3));
  EXPECT_TRUE(has_table("posts"));
}

TEST_P(CliRun, ServerDetailAndHint) {
  add_standard();
  ok({"push"});
  const auto dup = project.add({r4, {r3}, "duplicate", "INSERT INTO users (id, name) VALUES (1, 'dup');", ""});
  const auto r = fails({"push"}, dup.string() + ":" + std::to_string(line_in(dup, "INSERT INTO users")) + ": ");
  if (!pg()) {
    // SQLite has no DETAIL or HINT; its extended result code stands in for
    // the SQLSTATE.
    EXPECT_THAT(r.err, HasSubstr("UNIQUE constraint failed: users.id")) << r;
    EXPECT_THAT(r.err, HasSubstr("SQLSTATE: SQLITE_CONSTRAINT_PRIMARYKEY")) << r;
    EXPECT_THAT(r.err, Not(HasSubstr("DETAIL:"))) << r;
    return;
  }
  EXPECT_THAT(r.err, HasSubstr("duplicate key value violates unique constraint \"users_pkey\"")) << r;
  EXPECT_THAT(r.err, HasSubstr("SQLSTATE: 23505")) << r;
  EXPECT_THAT(r.err, HasSubstr("DETAIL: Key (id)=(1) already exists.")) << r;

  project.add({r4, {r3}, "duplicate", "SELECT 1;\n\nSELECT no_such_function(1, 'x');", ""});
  const auto h = fails({"push"}, dup.string() + ":" + std::to_string(line_in(dup, "no_such_function")) + ": ");
  EXPECT_THAT(h.err, HasSubstr("SQLSTATE: 42883")) << h;
  EXPECT_THAT(h.err, HasSubstr("HINT: No function matches the given name and argument types.")) << h;
  EXPECT_THAT(versions(), ElementsAre(r3));
}

// psql's meta-commands are not SQL: refused at their line, on both backends,
// with what to do instead of the server's "syntax error at or near".
TEST_P(CliRun, PsqlMetaCommandIsRefusedAtItsLine) {
  add_standard();
  const auto file = project.add({r4, {r3}, "psql script", "SELECT 1;\n\\set ON_ERROR_STOP on\nCREATE TABLE tags (id int);", ""});
  const auto r = fails({"push"}, file.string() + ":" + std::to_string(line_in(file, "\\set")) + ": upgrade of revision " +
                                     r4 + " failed: '\\set' is a psql meta-command, not SQL");
  EXPECT_THAT(r.err, HasSubstr("remove the line, or write in SQL what it did")) << r;
  EXPECT_THAT(versions(), IsEmpty());
  EXPECT_FALSE(has_table("users"));
  EXPECT_FALSE(has_table("tags"));
}

TEST_P(CliRun, SectionOutsideATransaction) {
  add_standard();
  // PostgreSQL refuses CREATE INDEX CONCURRENTLY, SQLite refuses VACUUM,
  // inside a transaction.
  const std::string up = pg() ? "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);"
                              : "CREATE INDEX users_name_idx ON users (name);\nVACUUM;";
  project.add(Migration{r4, {r3}, "index names", up, "DROP INDEX users_name_idx;"}.upgrade_outside_transaction());
  for (const char* mode : {"false", "true"}) {
    SCOPED_TRACE(mode);
    configure(std::string("transaction_per_migration = ") + mode);
    const auto r = ok({"push"});
    EXPECT_THAT(r.err, HasSubstr("Running upgrade " + r3 + " -> " + r4 + ", index names (")) << r;
    EXPECT_THAT(versions(), ElementsAre(r4));
    EXPECT_TRUE(has_index("users_name_idx"));
    ok({"downgrade", "base"});
    EXPECT_FALSE(has_index("users_name_idx"));
    EXPECT_FALSE(has_table("users"));
  }

  // The same statement inside a transaction fails, so the marker matters.
  if (pg()) {
    configure("transaction_per_migration = false");
    project.add(Migration{r4, {r3}, "index names", up, "DROP INDEX users_name_idx;"});
    const auto r = fails({"push"}, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
    EXPECT_THAT(versions(), IsEmpty());
  }
}

TEST_P(CliRun, FailingSectionOutsideATransactionKeepsWhatWasCommittedBefore) {
  add_standard();
  const std::string up = pg() ? "CREATE INDEX CONCURRENTLY users_name_idx ON users (no_such_column);"
                              : "CREATE INDEX users_name_idx ON users (no_such_column);";
  const auto file =
      project.add(Migration{r4, {r3}, "index names", up, "DROP INDEX users_name_idx;"}.upgrade_outside_transaction());
  fails({"push"}, file.string() + ":" + std::to_string(line_in(file, "no_such_column")) + ": ");
  // The runner committed r1..r3 before the section: the table says so.
  EXPECT_THAT(versions(), ElementsAre(r3));
  EXPECT_TRUE(has_table("posts"));
  EXPECT_FALSE(has_index("users_name_idx"));
}

// The offline script, run by hand, leaves the database as an online run would.
TEST_P(CliRun, OfflineScriptAppliedByHand) {
  add_standard();
  const std::string index = pg() ? "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);"
                                 : "CREATE INDEX users_name_idx ON users (name);";
  project.add(Migration{r4, {r3}, "index names", index, "DROP INDEX users_name_idx;"}.upgrade_outside_transaction());
  for (const char* mode : {"false", "true"}) {
    SCOPED_TRACE(mode);
    configure(std::string("transaction_per_migration = ") + mode);
    const auto up = ok({"upgrade", "heads", "--sql"});
    EXPECT_FALSE(has_table("alembic_version"));  // offline: nothing touched
    database().exec(up.out);
    EXPECT_THAT(versions(), ElementsAre(r4));
    EXPECT_TRUE(has_index("users_name_idx"));
    EXPECT_EQ(ok({"status"}).out,
              "Current revision(s): " + r4 + "\nHead revision(s):    " + r4 + "\nUp to date: nothing to apply.\n");

    const auto down = ok({"downgrade", r4 + ":base", "--sql"});
    database().exec(down.out);
    EXPECT_THAT(versions(), IsEmpty());
    EXPECT_FALSE(has_table("users"));
    database().exec("DROP TABLE alembic_version");
  }
}

TEST_P(CliRun, UnreachableDatabase) {
  add_standard();
  const std::string url =
      pg() ? "postgresql:///nodb?host=/nonexistent/socket/dir" : "sqlite:////nonexistent/dir/retort.db";
  for (const auto& cmd : std::vector<std::vector<std::string>>{{"current"}, {"push"}, {"status"}, {"stamp", "head"},
                                                                {"downgrade", "-1"}}) {
    SCOPED_TRACE(join(cmd, " "));
    auto args = cmd;
    args.push_back("--url");
    args.push_back(url);
    const auto r = db(args);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.err, StartsWith("db: error: ")) << r;
    EXPECT_THAT(r.err, HasSubstr(pg() ? "could not connect to 'postgresql:///nodb?host=/nonexistent/socket/dir'"
                                      : "could not open"))
        << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  }
}

TEST_P(CliRunPg, PasswordsNeverAppearInOutput) {
  add_standard();
  // Trust authentication ignores the password, so these connect.
  for (const auto& url : {with_password(database().url(), "postgres", "s3cret"), database().url() + "&password=s3cret"}) {
    SCOPED_TRACE(url);
    configure();
    const auto check = [&](const std::vector<std::string>& args, int code) {
      auto all = args;
      all.push_back("--url");
      all.push_back(url);
      const auto r = db(all);
      EXPECT_EQ(r.exit_code, code) << r;
      EXPECT_THAT(r.out + r.err, Not(HasSubstr("s3cret"))) << r;
      return r;
    };
    check({"push"}, 0);
    const auto verbose = check({"current", "-v"}, 0);
    EXPECT_THAT(verbose.out, HasSubstr("***")) << verbose;
    check({"status"}, 0);
    check({"history", "-i"}, 0);
    check({"push", "--json"}, 0);
    check({"downgrade", "base", "--sql"}, 1);
    project.add(failing_migration(false));
    check({"push"}, 1);
    check({"upgrade", r4, "--sql"}, 0);
    fs::remove(project.file_of(failing_migration(false)));
    check({"downgrade", "base"}, 0);
    // In the config file instead of --url.
    project.write_config(url);
    const auto r = project.db({"current", "-v"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_THAT(r.out + r.err, Not(HasSubstr("s3cret"))) << r;
  }
}

// psql's COPY ... FROM STDIN with its rows in the file: the server would wait
// for rows db does not send, so db refuses the statement at its line before
// sending it; the offline script keeps the rows as they are, for psql.
TEST_P(CliRunPg, CopyFromStdinIsRefusedAtItsLineAndKeptForPsqlOffline) {
  add_standard();
  const std::string up =
      "CREATE TABLE tags (id int, name text);\nCOPY tags (id, name) FROM stdin;\n1\tred\n2\tblue\n\\.\n";
  const auto file = project.add({r4, {r3}, "tags", up, "DROP TABLE tags;"});
  const auto r = fails({"push"}, file.string() + ":" + std::to_string(line_in(file, "COPY tags")) +
                                     ": upgrade of revision " + r4 +
                                     " failed: COPY ... FROM STDIN takes its rows from the client");
  EXPECT_THAT(r.err, HasSubstr("HINT: load the rows with INSERT ... VALUES")) << r;
  EXPECT_THAT(versions(), IsEmpty());
  EXPECT_FALSE(has_table("tags"));
  EXPECT_FALSE(has_table("users"));

  const auto offline = ok({"upgrade", "heads", "--sql"});
  EXPECT_THAT(offline.out, HasSubstr("COPY tags (id, name) FROM stdin;\n1\tred\n2\tblue\n\\.\n\nUPDATE alembic_version"))
      << offline;
  std::string psql = "/usr/lib/postgresql/15/bin/psql";
  if (const char* bin = std::getenv("PGBIN")) {
    psql = std::string(bin) + "/psql";
  }
  if (!fs::exists(psql)) {
    GTEST_SKIP() << "no psql at " << psql << " (PostgreSQL 15's client; PGBIN= names its folder)";
  }
  const fs::path script = project.dir() / "offline.sql";
  std::ofstream(script) << offline.out;
  const auto applied = run_program(psql, {"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database().url(), "-f", script.string()});
  ASSERT_EQ(applied.exit_code, 0) << applied;
  EXPECT_THAT(versions(), ElementsAre(r4));
  EXPECT_EQ(database().query("SELECT string_agg(name, ',' ORDER BY id) FROM tags"), std::vector<std::string>{"red,blue"});
}

TEST(CliPassword, UnreachableServerWithPassword) {
  CliProject project("postgresql://u:s3cret@/db?host=/nonexistent");
  project.add(standard_migrations()[0]);
  for (const auto& cmd : std::vector<std::vector<std::string>>{
           {"current"}, {"current", "-v"}, {"push"}, {"status"}, {"reset", "--yes"}, {"stamp", "head"}}) {
    SCOPED_TRACE(join(cmd, " "));
    const auto r = project.db(cmd);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.out + r.err, Not(HasSubstr("s3cret"))) << r;
    EXPECT_THAT(r.err, HasSubstr("postgresql://u:***@/db?host=/nonexistent")) << r;
  }
  for (const std::string url : {"postgresql://u:s3cret@/db?host=/nonexistent",
                                "postgresql:///db?host=/nonexistent&password=s3cret",
                                "postgresql+psycopg2://u:s3cret@localhost:1/db"}) {
    const auto r = project.db({"current", "--url", url});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.out + r.err, Not(HasSubstr("s3cret"))) << r;
  }
}

// An unsupported URL says where it came from, so a stale DATABASE_URL is
// found; the password stays masked.
TEST(CliUrl, AnUnsupportedUrlNamesItsOrigin) {
  CliProject project;  // no url in alembic.toml
  project.add(standard_migrations()[0]);
  RunSpec env;
  env.env["DATABASE_URL"] = "mysql://app:s3cret@db.example/app";
  auto r = project.db({"current"}, env);
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("db: error: unsupported database URL 'mysql://app:***@db.example/app': expected "
                               "postgresql://… or sqlite:///…; the url comes from DATABASE_URL\n"))
      << r;
  EXPECT_THAT(r.err, Not(HasSubstr("s3cret"))) << r;

  r = project.db({"--url", "postgress:///app", "push"}, env);
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("'postgress:///app': expected postgresql://… or sqlite:///…; the url comes from --url"))
      << r;

  project.write_config("sqlite3:///app.db");
  r = project.db({"status"}, env);
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("the url comes from " + project.toml().string() + ":5:7 ([database] url)")) << r;
}

TEST_P(CliRun, VersionRowNamingAnUnknownRevision) {
  add_standard();
  ok({"push"});
  database().exec("UPDATE alembic_version SET version_num = 'ffffffffffff'");
  fails({"current"}, "Can't locate revision identified by 'ffffffffffff'");
  const auto status = ok({"status"});
  EXPECT_THAT(status.err, AllOf(HasSubstr("warning"), HasSubstr("'ffffffffffff'"))) << status;
  EXPECT_THAT(status.out, HasSubstr("Head revision(s):    " + r3)) << status;
  fails({"push"}, "ffffffffffff");
  fails({"downgrade", "-1"}, "ffffffffffff");
  EXPECT_THAT(versions(), ElementsAre("ffffffffffff"));
  EXPECT_TRUE(has_table("posts"));
}

TEST_P(CliRun, PlanWithAnAlembicPythonStepIsRefusedBeforeAnythingRuns) {
  const auto m = standard_migrations();
  project.add(m[0]);
  project.add(m[1]);
  const auto py = project.add_python(m[2]);
  const auto r = fails({"push"}, r3);
  EXPECT_THAT(r.err, HasSubstr(py.string())) << r;
  EXPECT_THAT(r.err, HasSubstr("Python")) << r;
  EXPECT_THAT(r.err, Not(HasSubstr("Running upgrade"))) << r;
  EXPECT_FALSE(has_table("users"));
  EXPECT_THAT(versions(), IsEmpty());
  fails({"upgrade", "heads", "--sql"}, r3);

  // A plan without it runs; stamping over it works; going back through it does not.
  ok({"upgrade", r2});
  EXPECT_THAT(versions(), ElementsAre(r2));
  ok({"stamp", r3});
  fails({"downgrade", "base"}, r3);
  EXPECT_THAT(versions(), ElementsAre(r3));
  EXPECT_TRUE(has_table("users"));
  EXPECT_EQ(ok({"history"}).out, r2 + " -> " + r3 + " (head), create posts\n" + r1 + " -> " + r2 +
                                     ", add email\n<base> -> " + r1 + ", create users\n");
}

TEST_P(CliRun, ResetNeedsConfirmation) {
  add_standard();
  ok({"push"});
  database().exec("CREATE TABLE extra_table (x integer)");

  const auto refused = fails({"reset"}, "--yes");
  EXPECT_THAT(refused.err, HasSubstr("not a terminal")) << refused;
  RunSpec piped;
  piped.stdin_data = (pg() ? static_cast<PgDb&>(database()).name() : std::string("x")) + "\n";
  fails({"reset"}, "--yes", piped);
  EXPECT_TRUE(has_table("extra_table"));
  EXPECT_TRUE(has_table("posts"));
  EXPECT_THAT(versions(), ElementsAre(r3));

  const auto reset = ok({"reset", "--yes"});
  EXPECT_THAT(reset.err, HasSubstr("Running upgrade  -> " + r1)) << reset;
  EXPECT_FALSE(has_table("extra_table"));
  EXPECT_TRUE(has_table("posts"));
  EXPECT_THAT(versions(), ElementsAre(r3));
  EXPECT_EQ(database().query("SELECT count(*) FROM users"), std::vector<std::string>{"1"});
}

// On a terminal, reset asks for the database's name (util-linux's `script`
// gives `db` a pseudo-terminal).
TEST_P(CliRun, ResetOnATerminalAsksForTheDatabaseName) {
  if (!fs::exists("/usr/bin/script")) {
    GTEST_SKIP() << "/usr/bin/script (util-linux) is missing";
  }
  add_standard();
  ok({"push"});
  database().exec("CREATE TABLE extra_table (x integer)");
  const std::string name = pg() ? static_cast<PgDb&>(database()).name()
                                : static_cast<SqliteDb&>(database()).file().string();
  const auto in_terminal = [&](const std::string& typed) {
    RunSpec spec;
    spec.cwd = project.dir();
    spec.stdin_data = typed + "\n";
    return run_program("/usr/bin/script",
                       {"-qec", db_binary() + " -c " + project.toml().string() + " reset", "/dev/null"}, spec);
  };
  const auto wrong = in_terminal("not-the-name");
  EXPECT_EQ(wrong.exit_code, 1) << wrong;
  EXPECT_THAT(wrong.out, HasSubstr("Type the database name to continue")) << wrong;
  EXPECT_THAT(wrong.out, HasSubstr("reset cancelled")) << wrong;
  EXPECT_TRUE(has_table("extra_table"));

  const auto right = in_terminal(name);
  EXPECT_EQ(right.exit_code, 0) << right;
  EXPECT_FALSE(has_table("extra_table"));
  EXPECT_THAT(versions(), ElementsAre(r3));
}

TEST_P(CliRun, ResetRefusesBeforeDroppingWhenThePushWouldBeRefused) {
  const auto m = standard_migrations();
  project.add(m[0]);
  project.add(m[1]);
  ok({"push"});
  project.add_python(m[2]);
  ok({"stamp", "heads"});
  database().exec("CREATE TABLE extra_table (x integer)");
  const auto r = fails({"reset", "--yes"}, r3);
  EXPECT_THAT(r.err, HasSubstr("Python")) << r;
  EXPECT_TRUE(has_table("extra_table"));
  EXPECT_TRUE(has_table("users"));
  EXPECT_THAT(versions(), ElementsAre(r3));
}

TEST_P(CliRun, UrlPrecedence) {
  add_standard();
  const std::string wrong = pg() ? "postgresql:///nodb?host=/nonexistent" : "sqlite:///wrong.db";
  // --url beats the config.
  project.write_config(wrong);
  ok({"upgrade", r1, "--url", database().url()});
  EXPECT_THAT(versions(), ElementsAre(r1));
  EXPECT_FALSE(fs::exists(project.dir() / "wrong.db"));

  // DATABASE_URL is used when the config has no url...
  project.write_config("");
  RunSpec env;
  env.env["DATABASE_URL"] = database().url();
  ok({"upgrade", r2}, env);
  EXPECT_THAT(versions(), ElementsAre(r2));
  // ... and ${DATABASE_URL} in it.
  project.temp().write("alembic.toml", "[database]\nurl = \"${DATABASE_URL:-sqlite:///fallback.db}\"\n");
  ok({"upgrade", r3}, env);
  EXPECT_THAT(versions(), ElementsAre(r3));
  EXPECT_FALSE(fs::exists(project.dir() / "fallback.db"));

  // ...but the config's url beats it, and --url beats both.
  project.write_config(database().url());
  RunSpec wrong_env;
  wrong_env.env["DATABASE_URL"] = wrong;
  EXPECT_EQ(ok({"current"}, wrong_env).out, r3 + " (head)\n");
  project.write_config(wrong);
  EXPECT_EQ(ok({"current", "--url", database().url()}, wrong_env).out, r3 + " (head)\n");

  // No config file at all: versions/ of the current folder and DATABASE_URL.
  fs::remove(project.toml());
  RunSpec bare = env;
  bare.cwd = project.dir();
  const auto r = run_db({"downgrade", "-1"}, bare);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(versions(), ElementsAre(r2));
}

TEST(CliUrl, NoUrlAnywhereIsAClearError) {
  CliProject project;
  project.add(standard_migrations()[0]);
  project.temp().write("alembic.toml", "[database]\nurl = \"${DATABASE_URL}\"\n");
  RunSpec spec;
  spec.env["DATABASE_URL"] = std::nullopt;
  for (const auto& cmd : std::vector<std::vector<std::string>>{{"current"}, {"push"}, {"upgrade", "heads", "--sql"}}) {
    const auto r = project.db(cmd, spec);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.err, HasSubstr("db: error: no database URL")) << r;
    EXPECT_THAT(r.err, AllOf(HasSubstr("DATABASE_URL"), HasSubstr("--url"))) << r;
  }
  // Commands that need no database still work.
  EXPECT_EQ(project.db({"heads"}, spec).exit_code, 0);
}

// ---------------------------------------------------------------------------
// Offline --sql: no database needed; the URL decides the dialect.

class CliOfflineSql : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& m : standard_migrations()) {
      project.add(m);
    }
  }
  // Renders with the config's url set to `url` (never connected to).
  RunOutput sql(const std::string& url, const std::vector<std::string>& args, const std::string& extra = "") {
    project.write_config(url, extra);
    auto r = project.db(args);
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_THAT(r.out + r.err, Not(HasSubstr("s3cret"))) << r;
    return r;
  }
  CliProject project;
  const std::string pg_url = "postgresql://u:s3cret@/nodb?host=/nonexistent";
  const std::string sqlite_url = "sqlite:////nonexistent/dir/x.db";
};

const char* const k_create =
    "CREATE TABLE alembic_version (\n"
    "    version_num VARCHAR(32) NOT NULL, \n"
    "    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
    ");\n\n";

std::string upgrade_body() {
  return k_create + std::string("-- Running upgrade  -> ") + r1 +
         "\n\n"
         "CREATE TABLE users (id integer PRIMARY KEY, name text);\n\n"
         "INSERT INTO alembic_version (version_num) VALUES ('" +
         r1 +
         "');\n\n"
         "-- Running upgrade " +
         r1 + " -> " + r2 +
         "\n\n"
         "ALTER TABLE users ADD COLUMN email text;\n\n"
         "UPDATE alembic_version SET version_num='" +
         r2 + "' WHERE alembic_version.version_num = '" + r1 +
         "';\n\n"
         "-- Running upgrade " +
         r2 + " -> " + r3 +
         "\n\n"
         "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer);\n"
         "INSERT INTO users (id, name) VALUES (1, 'ann');\n\n"
         "UPDATE alembic_version SET version_num='" +
         r3 + "' WHERE alembic_version.version_num = '" + r2 + "';\n\n";
}

TEST_F(CliOfflineSql, UpgradeHeadsFromBase) {
  EXPECT_EQ(sql(pg_url, {"upgrade", "heads", "--sql"}).out, "BEGIN;\n\n" + upgrade_body() + "COMMIT;\n\n");
  EXPECT_EQ(sql(sqlite_url, {"upgrade", "heads", "--sql"}).out, upgrade_body());
  // push --sql is the same; -q changes no SQL; the step log is for online runs.
  const auto push = sql(pg_url, {"-q", "push", "--sql"});
  EXPECT_EQ(push.out, "BEGIN;\n\n" + upgrade_body() + "COMMIT;\n\n");
  EXPECT_EQ(push.err, "");
  EXPECT_EQ(sql(pg_url, {"upgrade", "base:heads", "--sql"}).out, "BEGIN;\n\n" + upgrade_body() + "COMMIT;\n\n");
  // postgres:// and SQLAlchemy spellings are PostgreSQL too.
  EXPECT_THAT(sql("postgresql+psycopg2://u:s3cret@localhost/x", {"upgrade", "heads", "--sql"}).out,
              StartsWith("BEGIN;\n\n"));
  EXPECT_THAT(sql("postgres://u@localhost/x", {"upgrade", "heads", "--sql"}).out, StartsWith("BEGIN;\n\n"));
}

TEST_F(CliOfflineSql, TransactionPerMigration) {
  const auto r = sql(pg_url, {"upgrade", "heads", "--sql"}, "transaction_per_migration = true");
  EXPECT_EQ(count_of(r.out, "BEGIN;"), 3u) << r.out;
  EXPECT_EQ(count_of(r.out, "COMMIT;"), 3u) << r.out;
  EXPECT_EQ(count_of(r.out, "CREATE TABLE alembic_version"), 1u) << r.out;
  EXPECT_THAT(r.out, StartsWith("BEGIN;\n\n" + std::string(k_create) + "-- Running upgrade  -> " + r1));
  EXPECT_THAT(r.out, HasSubstr("('" + r1 + "');\n\nCOMMIT;\n\nBEGIN;\n\n-- Running upgrade " + r1));
  const auto lite = sql(sqlite_url, {"upgrade", "heads", "--sql"}, "transaction_per_migration = true");
  EXPECT_EQ(lite.out, upgrade_body());
}

TEST_F(CliOfflineSql, RangesStartingAboveBase) {
  const auto up = sql(pg_url, {"upgrade", r1 + ":" + r3, "--sql"}).out;
  EXPECT_THAT(up, Not(HasSubstr("CREATE TABLE alembic_version")));
  EXPECT_THAT(up, Not(HasSubstr("INSERT INTO alembic_version")));
  EXPECT_THAT(up, StartsWith("BEGIN;\n\n-- Running upgrade " + r1 + " -> " + r2 + "\n\n"));
  EXPECT_THAT(up, HasSubstr("UPDATE alembic_version SET version_num='" + r3 +
                            "' WHERE alembic_version.version_num = '" + r2 + "';\n\nCOMMIT;\n\n"));
  // Prefixes and relative ends work too.
  EXPECT_EQ(sql(pg_url, {"upgrade", "a1a1:+2", "--sql"}).out, up);

  const auto down = sql(pg_url, {"downgrade", r3 + ":" + r1, "--sql"}).out;
  EXPECT_EQ(down, "BEGIN;\n\n-- Running downgrade " + r3 + " -> " + r2 +
                      "\n\nDELETE FROM users WHERE id = 1;\nDROP TABLE posts;\n\n"
                      "UPDATE alembic_version SET version_num='" + r2 + "' WHERE alembic_version.version_num = '" +
                      r3 + "';\n\n-- Running downgrade " + r2 + " -> " + r1 +
                      "\n\nALTER TABLE users DROP COLUMN email;\n\n"
                      "UPDATE alembic_version SET version_num='" + r1 + "' WHERE alembic_version.version_num = '" +
                      r2 + "';\n\nCOMMIT;\n\n");
  const auto to_base = sql(sqlite_url, {"downgrade", r2 + ":base", "--sql"}).out;
  EXPECT_THAT(to_base, HasSubstr("-- Running downgrade " + r1 + " -> \n\nDROP TABLE users;\n\n"
                                 "DELETE FROM alembic_version WHERE alembic_version.version_num = '" + r1 + "';\n\n"));
  // Current Alembic keeps the table when an offline run ends at base.
  EXPECT_THAT(to_base, Not(HasSubstr("DROP TABLE alembic_version")));
  EXPECT_THAT(to_base, Not(HasSubstr("BEGIN")));
}

TEST_F(CliOfflineSql, Stamp) {
  EXPECT_EQ(sql(pg_url, {"stamp", r2, "--sql"}).out, "BEGIN;\n\n" + std::string(k_create) +
                                                         "-- Running stamp_revision  -> " + r2 +
                                                         "\n\nINSERT INTO alembic_version (version_num) VALUES ('" +
                                                         r2 + "');\n\nCOMMIT;\n\n");
  EXPECT_EQ(sql(sqlite_url, {"stamp", r1 + ":" + r3, "--sql"}).out,
            "-- Running stamp_revision " + r1 + " -> " + r3 + "\n\nUPDATE alembic_version SET version_num='" + r3 +
                "' WHERE alembic_version.version_num = '" + r1 + "';\n\n");
}

TEST_F(CliOfflineSql, SectionOutsideATransactionIsRenderedBetweenCommitAndBegin) {
  project.add(Migration{r4, {r3}, "index names", "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);",
                        "DROP INDEX users_name_idx;"}
                  .upgrade_outside_transaction());
  const std::string step = "-- Running upgrade " + r3 + " -> " + r4 +
                           "\n\nCOMMIT;\n\nCREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n\nBEGIN;\n\n"
                           "UPDATE alembic_version SET version_num='" + r4 + "' WHERE alembic_version.version_num = '" +
                           r3 + "';\n\n";
  EXPECT_EQ(sql(pg_url, {"upgrade", r3 + ":" + r4, "--sql"}).out, "BEGIN;\n\n" + step + "COMMIT;\n\n");
  EXPECT_EQ(sql(pg_url, {"upgrade", r3 + ":" + r4, "--sql"}, "transaction_per_migration = true").out,
            "BEGIN;\n\n" + step + "COMMIT;\n\n");
  // SQLite scripts have no transactions to leave.
  EXPECT_EQ(sql(sqlite_url, {"upgrade", r3 + ":" + r4, "--sql"}).out,
            "-- Running upgrade " + r3 + " -> " + r4 +
                "\n\nCREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n\n"
                "UPDATE alembic_version SET version_num='" + r4 + "' WHERE alembic_version.version_num = '" + r3 +
                "';\n\n");
  // The transactional downgrade stays inside.
  EXPECT_EQ(sql(pg_url, {"downgrade", r4 + ":" + r3, "--sql"}).out,
            "BEGIN;\n\n-- Running downgrade " + r4 + " -> " + r3 + "\n\nDROP INDEX users_name_idx;\n\n"
            "UPDATE alembic_version SET version_num='" + r3 + "' WHERE alembic_version.version_num = '" + r4 +
            "';\n\nCOMMIT;\n\n");
}

TEST_F(CliOfflineSql, RefusedForms) {
  project.write_config(pg_url);
  const auto refused = [&](const std::vector<std::string>& args, const std::string& message) {
    const auto r = project.db(args);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.err, StartsWith("db: error: ")) << r;
    EXPECT_THAT(r.err, HasSubstr(message)) << r;
    EXPECT_THAT(r.err, Not(HasSubstr("could not connect"))) << r;  // refused before connecting
    EXPECT_EQ(r.out, "") << r;
  };
  refused({"upgrade", r1 + ":" + r3}, "Range revision not allowed");
  refused({"downgrade", r3 + ":" + r1}, "Range revision not allowed");
  refused({"stamp", "--purge", "--sql", r2}, "Can't use --purge with --sql mode");
  refused({"downgrade", "-1", "--sql"}, "downgrade with --sql requires <fromrev>:<torev>");
  refused({"upgrade", "nosuch:" + r3, "--sql"}, "Can't locate revision identified by 'nosuch'");
}

}  // namespace
}  // namespace retort::test
