// C++ code migrations that fail, run by the real `db` binary on SQLite and
// on PostgreSQL: a compile error, an exception, a SQL error inside
// ctx.execute(), a crash of the process (abort, SIGSEGV) and a missing
// compiler. Each must leave the database as it was before the failing step.

#include <csignal>

#include "cli/code_fixture.hpp"

namespace retort::test {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class CliCodeFailure : public CliCode {};
RETORT_CLI_CODE_BACKENDS(CliCodeFailure);


// k_failing with the crashes taken out: what the author fixes it to.
std::string fixed_failing() {
  std::string s = k_failing;
  for (const std::string crash : {"std::abort();", "std::raise(SIGSEGV);"}) {
    s.replace(s.find(crash), crash.size(), "ctx.info(\"no crash\");");
  }
  return s;
}

TEST_P(CliCodeFailure, CompileErrorRunsNothingAndNamesFileAndLine) {
  add_sql(users_migration());
  const fs::path cpp = add_cpp(k_code, k_users, "broken",
                               "RETORT_UPGRADE(ctx) {\n"
                               "  ctx.execute(\"CREATE TABLE never (id integer)\");\n"
                               "  ctx.exeucte(\"SELECT 1\");\n"
                               "}\n\n"
                               "RETORT_DOWNGRADE(ctx) {}\n");
  const int line = line_in(cpp, "exeucte");

  // The plan runs the .sql step first; the compile error stops the run
  // before it.
  const auto r = fails({"push"});
  EXPECT_THAT(r.err, HasSubstr(cpp.filename().string() + ":" + std::to_string(line) + ":")) << r;
  EXPECT_THAT(r.err, AllOf(HasSubstr("exeucte"), HasSubstr("revision " + k_code), HasSubstr("nothing was run")))
      << r;
  EXPECT_THAT(versions(), IsEmpty());
  EXPECT_FALSE(has_table("users"));
  EXPECT_FALSE(has_table("never"));
}

TEST_P(CliCodeFailure, ExceptionIsRolledBackAndReported) {
  add_sql(users_migration());
  const fs::path cpp = add_cpp(k_code, k_users, "audit users", k_failing);

  // In the same run as the .sql step before it: the run's one transaction
  // is rolled back, nothing at all remains.
  const auto first = fails({"push"});
  EXPECT_THAT(infos(first, k_code), ElementsAre("mode throw")) << first;
  EXPECT_THAT(versions(), IsEmpty());
  EXPECT_FALSE(has_table("users"));
  EXPECT_FALSE(has_table("audit"));

  ok({"upgrade", k_users});
  const auto r = fails({"push", "-x", "mode=throw"});
  EXPECT_THAT(r.err, AllOf(HasSubstr(cpp.string() + ": upgrade of revision " + k_code +
                                     " failed: backfill aborted: bad row 17"),
                           HasSubstr("the version table now holds " + k_users)))
      << r;
  EXPECT_THAT(versions(), ElementsAre(k_users));
  EXPECT_FALSE(has_table("audit"));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE name = 'changed'"), "0");

  // A statement the database refuses: its SQLSTATE and the statement.
  const auto s = fails({"push", "-x", "mode=sql"});
  EXPECT_THAT(s.err, AllOf(HasSubstr(cpp.string() + ": upgrade of revision " + k_code + " failed: "),
                           HasSubstr("missing_table"),
                           HasSubstr("\n  STATEMENT: INSERT INTO missing_table (id) VALUES ($1)\n"),
                           HasSubstr(pg() ? "\n  SQLSTATE: 42P01\n" : "\n  SQLSTATE: SQLITE_ERROR\n")))
      << s;
  EXPECT_THAT(versions(), ElementsAre(k_users));
  EXPECT_FALSE(has_table("audit"));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE name = 'changed'"), "0");

  const auto done = ok({"push", "-x", "mode=none"});
  EXPECT_THAT(infos(done, k_code), ElementsAre("mode none")) << done;
  EXPECT_THAT(versions(), ElementsAre(k_code));
  EXPECT_EQ(scalar("SELECT note FROM audit"), "first");
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE name = 'changed'"), std::to_string(k_user_rows));
}

// psql's own syntax through ctx.execute is refused before it is sent, and
// fails the step like a statement the database refused.
TEST_P(CliCodeFailure, PsqlSyntaxInExecuteIsRefused) {
  add_sql(users_migration());
  const std::string statement = pg() ? "COPY users (id) FROM STDIN" : "\\set ON_ERROR_STOP on";
  add_cpp(k_code, k_users, "load users",
          "RETORT_UPGRADE(ctx) {\n"
          "  ctx.execute(\"CREATE TABLE never (id integer)\");\n"
          "  ctx.execute(\"" + std::string(pg() ? "COPY users (id) FROM STDIN" : "\\\\set ON_ERROR_STOP on") + "\");\n"
          "}\n\n"
          "RETORT_DOWNGRADE(ctx) {}\n");
  const auto r = fails({"push"});
  EXPECT_THAT(r.err, HasSubstr("upgrade of revision " + k_code + " failed: ")) << r;
  EXPECT_THAT(r.err, HasSubstr(pg() ? "COPY ... FROM STDIN takes its rows from the client"
                                    : "'\\set' is a psql meta-command, not SQL"))
      << r;
  EXPECT_THAT(r.err, HasSubstr("STATEMENT: " + statement)) << r;
  EXPECT_THAT(versions(), IsEmpty());
  EXPECT_FALSE(has_table("users"));
  EXPECT_FALSE(has_table("never"));
}

TEST_P(CliCodeFailure, CrashKillsDbAndLeavesTheDatabaseConsistent) {
  add_sql(users_migration());
  const fs::path cpp = add_cpp(k_code, k_users, "audit users", k_failing);

  // std::abort() after three statements, in the run that also applies the
  // .sql step: db dies of SIGABRT and nothing of the run remains.
  const auto aborted = db({"push", "-x", "mode=abort"});
  EXPECT_EQ(aborted.exit_code, -SIGABRT) << aborted;
  EXPECT_THAT(infos(aborted, k_code), ElementsAre("mode abort")) << aborted;
  if (!pg()) {
    // The transaction's changes reached the file; its journal is left behind.
    const fs::path file = dynamic_cast<SqliteDb&>(database()).file();
    EXPECT_TRUE(fs::exists(file.string() + "-journal"));
    EXPECT_GT(fs::file_size(file.string() + "-journal"), 0u);
  }
  // db itself, first (on SQLite it must roll back the hot journal itself).
  EXPECT_EQ(ok({"current"}).out, "");
  EXPECT_THAT(versions(), IsEmpty());
  EXPECT_FALSE(has_table("users"));
  EXPECT_FALSE(has_table("audit"));

  // No stale lock: the next run gets it at once.
  ok({"--lock-timeout", "3000", "upgrade", k_users});
  EXPECT_THAT(versions(), ElementsAre(k_users));

  const auto segv = db({"push", "-x", "mode=segv"});
  EXPECT_EQ(segv.exit_code, -SIGSEGV) << segv;
  if (!pg()) {
    EXPECT_TRUE(fs::exists(dynamic_cast<SqliteDb&>(database()).file().string() + "-journal"));
  }
  EXPECT_THAT(infos(segv, k_code), ElementsAre("mode segv")) << segv;
  EXPECT_EQ(ok({"current"}).out, k_users + "\n");
  EXPECT_THAT(versions(), ElementsAre(k_users));
  EXPECT_FALSE(has_table("audit"));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE name = 'changed'"), "0");

  // The author fixes the file; the next push completes.
  project.temp().write(cpp.lexically_relative(project.dir()),
                       cpp_migration(k_code, k_users, "audit users", fixed_failing()));
  const auto done = ok({"--lock-timeout", "3000", "push", "-x", "mode=abort"});
  EXPECT_THAT(infos(done, k_code), ElementsAre("mode abort", "no crash")) << done;
  EXPECT_THAT(versions(), ElementsAre(k_code));
  EXPECT_EQ(scalar("SELECT note FROM audit"), "first");
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE name = 'changed'"), std::to_string(k_user_rows));
}

TEST_P(CliCodeFailure, MissingCompilerIsNamedWithItsConfigKey) {
  configure("", "compiler = \"/nonexistent/c++\"\ncache_dir = \"" + shared_code_cache().string() + "\"\n");
  add_sql(users_migration());
  const fs::path cpp = add_cpp(k_code, k_users, "add bio", k_issue_backfill);

  const auto r = fails({"push"});
  EXPECT_THAT(r.err, AllOf(HasSubstr("'/nonexistent/c++'"), HasSubstr("[cpp] compiler"),
                           HasSubstr(cpp.filename().string())))
      << r;
  EXPECT_THAT(versions(), IsEmpty());
  EXPECT_FALSE(has_table("users"));

  const auto c = fails({"compile"});
  EXPECT_THAT(c.err, AllOf(HasSubstr("'/nonexistent/c++'"), HasSubstr("[cpp] compiler"))) << c;

  // The steps before the code step still run on their own.
  ok({"upgrade", k_users});
  EXPECT_THAT(versions(), ElementsAre(k_users));
  fails({"push"});
  EXPECT_THAT(versions(), ElementsAre(k_users));
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name"));
}

}  // namespace
}  // namespace retort::test
