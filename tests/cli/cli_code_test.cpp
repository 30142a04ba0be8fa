// C++ code migrations (issue 5) run by the real `db` binary on SQLite and on
// PostgreSQL: the seed's backfill, batched backfills in a transaction and in
// autocommit, bound parameters, and the offline (--sql) rendering of a .cpp
// step. Failures are in cli_code_failure_test.cpp, compiling and caching in
// cli_code_cache_test.cpp.

#include <cstdio>

#include "cli/code_fixture.hpp"

namespace retort::test {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class CliCodeRun : public CliCode {};
RETORT_CLI_CODE_BACKENDS(CliCodeRun);

// printf's %.17g, as the params migration prints doubles.
std::string g17(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

TEST_P(CliCodeRun, IssueBackfillFillsEveryRowAndDowngradeDropsTheColumn) {
  add_sql(users_migration());
  add_cpp(k_code, k_users, "add bio", k_issue_backfill);

  const auto push = ok({"push", "-x", "mode=fast"});
  EXPECT_THAT(push.err, HasSubstr("Running upgrade " + k_users + " -> " + k_code + ", add bio")) << push;
  EXPECT_THAT(versions(), ElementsAre(k_code));
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name", "bio"));
  EXPECT_EQ(scalar("SELECT count(*) FROM users"), std::to_string(k_user_rows));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE bio = 'No bio yet'"), std::to_string(k_user_rows));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE bio IS NULL OR bio <> 'No bio yet'"), "0");
  EXPECT_EQ(ok({"current"}).out, k_code + " (head)\n");

  const auto down = ok({"downgrade", "-1"});
  EXPECT_THAT(down.err, HasSubstr("Running downgrade " + k_code + " -> " + k_users + ", add bio")) << down;
  EXPECT_THAT(versions(), ElementsAre(k_users));
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name"));
  EXPECT_EQ(scalar("SELECT count(*) FROM users"), std::to_string(k_user_rows));

  // Offline, execute() returns 0: the loop's UPDATE is printed once, after
  // the ALTER, and the database is not touched.
  const auto sql = ok({"upgrade", "heads", "--sql"});
  EXPECT_THAT(sql.out, HasSubstr("-- Running upgrade " + k_users + " -> " + k_code + "\n\n"
                                 "ALTER TABLE users ADD COLUMN bio TEXT;\n\n"
                                 "UPDATE users SET bio = 'No bio yet' WHERE id IN "
                                 "(SELECT id FROM users WHERE bio IS NULL LIMIT 1000);\n\n"))
      << sql;
  EXPECT_EQ(count_of(sql.out, "UPDATE users SET bio"), 1u) << sql;
  EXPECT_THAT(versions(), ElementsAre(k_users));
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name"));

  // And up again.
  ok({"upgrade", "head"});
  EXPECT_THAT(versions(), ElementsAre(k_code));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE bio = 'No bio yet'"), std::to_string(k_user_rows));
}

TEST_P(CliCodeRun, TransactionalBackfillCountsItsBatchesAndAFailureLeavesNothing) {
  add_sql(users_migration());
  add_cpp(k_code, k_users, "backfill bio", batched_backfill(""));
  ok({"upgrade", k_users});

  // Batch 3 fails: the two batches before it and the ALTER are rolled back
  // with it, and the version table stays where it was.
  const auto failed = fails({"push", "-x", "fail_at_batch=3"});
  EXPECT_THAT(infos(failed, k_code), ElementsAre("batch 1: 1000", "batch 2: 1000")) << failed;
  EXPECT_THAT(failed.err, HasSubstr("STATEMENT: UPDATE no_such_table SET bio = 'deliberate failure'")) << failed;
  EXPECT_THAT(versions(), ElementsAre(k_users));
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name"));
  EXPECT_EQ(scalar("SELECT count(*) FROM users"), std::to_string(k_user_rows));

  // Every execute() returns the rows it changed: 1000, 1000, the rest, 0.
  const auto done = ok({"push"});
  EXPECT_THAT(infos(done, k_code), ElementsAre("batch 1: 1000", "batch 2: 1000", "batch 3: 500", "batch 4: 0"))
      << done;
  EXPECT_THAT(versions(), ElementsAre(k_code));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE bio = 'No bio yet'"), std::to_string(k_user_rows));
}

TEST_P(CliCodeRun, AutocommitBackfillKeepsTheBatchesBeforeAFailureAndResumes) {
  add_sql(users_migration());
  add_cpp(k_code, k_users, "backfill bio", batched_backfill("// migrate:upgrade transaction:false"));

  // One run: the .sql step, then the code step in autocommit. Batch 3
  // fails; the two before it were committed one by one and stay, the
  // version table is not advanced past the .sql step.
  const auto failed = fails({"push", "-x", "fail_at_batch=3"});
  EXPECT_THAT(infos(failed, k_code), ElementsAre("batch 1: 1000", "batch 2: 1000")) << failed;
  EXPECT_THAT(failed.err, HasSubstr("upgrade of revision " + k_code + " failed")) << failed;
  EXPECT_THAT(failed.err, HasSubstr("STATEMENT: UPDATE no_such_table SET bio = 'deliberate failure'")) << failed;
  if (pg()) {
    EXPECT_THAT(failed.err, HasSubstr("SQLSTATE: 42P01")) << failed;
  }
  EXPECT_THAT(versions(), ElementsAre(k_users));
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name", "bio"));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE bio = 'No bio yet'"), "2000");
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE bio IS NULL"), "500");
  EXPECT_EQ(scalar("SELECT max(id) FROM users WHERE bio IS NOT NULL"), "2000");

  // The next run picks up where the last one stopped.
  const auto done = ok({"push"});
  EXPECT_THAT(infos(done, k_code), ElementsAre("batch 1: 500", "batch 2: 0")) << done;
  EXPECT_THAT(versions(), ElementsAre(k_code));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE bio = 'No bio yet'"), std::to_string(k_user_rows));

  ok({"downgrade", "-1"});
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name"));
  EXPECT_THAT(versions(), ElementsAre(k_users));
}

TEST_P(CliCodeRun, ParametersAreBoundAndRoundTrip) {
  add_sql(users_migration());
  add_cpp(k_code, k_users, "bind parameters", k_params);
  const std::string evil = "'; DROP TABLE users; --";

  const auto r = ok({"push", "-x", "label=it's \"x\"", "-x", "verify=yes"});
  const std::string row1 = "row 1 t=[O'Brien] i=9007199254740993 d=" + g17(0.1 + 0.2) + " b=true n=NULL";
  const std::string row2 = "row 2 t=[" + evil + "] i=-7 d=-0.125 b=false n=NULL";
  const std::string row3 = "row 3 t=[tab\there, \"dq\", $1 and ?] i=0 d=" + g17(1e-300) + " b=false n=[set]";
  const std::string row4 = "row 4 t=[none] i=4 d=4 b=true n=NULL";
  EXPECT_THAT(infos(r, k_code),
              ElementsAreArray({std::string("label=it's \"x\" args=2"), std::string("columns id,t,i,d,b,n, 4 rows"),
                                row1, row2, row3, row4, "text+bool " + row1, "evil " + row2,
                                std::string("O'Brien false: 0"), "int+double " + row1, std::string("null 1"),
                                std::string("null 2"), std::string("null 4"),
                                "users who: [" + evil + "] [O'Brien]"}))
      << r;

  // Seen from outside: the text stored verbatim, nothing executed from it.
  EXPECT_THAT(versions(), ElementsAre(k_code));
  EXPECT_TRUE(has_table("users"));
  EXPECT_EQ(scalar("SELECT count(*) FROM users"), std::to_string(k_user_rows));
  EXPECT_THAT(query("SELECT t FROM params ORDER BY id"),
              ElementsAre("O'Brien", evil, "tab\there, \"dq\", $1 and ?", "none"));
  EXPECT_THAT(query("SELECT i FROM params ORDER BY id"), ElementsAre("9007199254740993", "-7", "0", "4"));
  EXPECT_THAT(query("SELECT n FROM params ORDER BY id"), ElementsAre("NULL", "NULL", "set", "NULL"));
  EXPECT_THAT(query("SELECT b FROM params ORDER BY id"),
              pg() ? ElementsAre("true", "false", "false", "true") : ElementsAre("1", "0", "0", "1"));
  EXPECT_THAT(query("SELECT name FROM users WHERE id <= 2 ORDER BY id"), ElementsAre(evil, "O'Brien"));
  EXPECT_EQ(scalar("SELECT count(*) FROM params WHERE d = 0.125 * -1"), "1");
}

TEST_P(CliCodeRun, OfflineSqlPrintsStatementsWithLiteralsAndRefusesQueries) {
  add_sql(users_migration());
  add_cpp(k_code, k_users, "bind parameters", k_params);

  const auto r = ok({"upgrade", "heads", "--sql", "-x", "verify=no", "-x", "label=offline"});
  const std::string t = pg() ? "TRUE" : "1";
  const std::string f = pg() ? "FALSE" : "0";
  const std::string insert = "INSERT INTO params (id, t, i, d, b, n) VALUES ";
  EXPECT_THAT(r.out, HasSubstr("-- Running upgrade " + k_users + " -> " + k_code + "\n\n"
                               "CREATE TABLE params (id integer PRIMARY KEY, t text, i bigint, d double precision, "
                               "b boolean, n text);\n\n" +
                               insert + "(1, 'O''Brien', 9007199254740993, 0.30000000000000004, " + t + ", NULL);\n\n" +
                               insert + "(2, '''; DROP TABLE users; --', -7, -0.125, " + f + ", NULL);\n\n" +
                               insert + "(3, 'tab\there, \"dq\", $1 and ?', 0, 1e-300, " + f + ", 'set');\n\n" +
                               insert + "(4, 'none', 4, 4, " + t + ", NULL);\n\n"
                               "UPDATE users SET name = '''; DROP TABLE users; --' WHERE id = 1;\n\n"
                               "UPDATE users SET name = 'O''Brien' WHERE id = 2;\n\n"))
      << r;
  EXPECT_THAT(infos(r, k_code), ElementsAre("label=offline args=2")) << r;
  if (pg()) {
    EXPECT_THAT(r.out, AllOf(HasSubstr("BEGIN;"), HasSubstr("COMMIT;"))) << r;
  }
  EXPECT_THAT(versions(), IsEmpty());
  EXPECT_FALSE(has_table("users"));

  // ctx.query() has no database to ask.
  const auto q = fails({"upgrade", "heads", "--sql"});
  EXPECT_THAT(q.err, AllOf(HasSubstr("upgrade of revision " + k_code + " failed"),
                           HasSubstr("ctx.query() needs a live database")))
      << q;
  EXPECT_THAT(q.out, Not(HasSubstr("COMMIT;"))) << q;
  EXPECT_FALSE(has_table("users"));
  EXPECT_FALSE(has_table("alembic_version"));
}

}  // namespace
}  // namespace retort::test
