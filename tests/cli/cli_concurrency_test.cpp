// Several `db push` processes started at once on one database: the run lock
// serialises them, every migration runs exactly once, all of them succeed.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "cli/cli_fixture.hpp"

namespace retort::test {
namespace {

using ::testing::ElementsAreArray;

struct Outcome {
  std::vector<RunOutput> runs;
  std::vector<std::string> ids;
};

// `processes` pushes at once on the project's database; the project gets `count`
// migrations, each logging itself into migration_log and pausing a little
// (so the runs overlap).
Outcome push_concurrently(CliProject& project, int processes, int count,
                          const std::string& pause_sql) {
  Outcome outcome;
  std::vector<std::string> down;
  for (int i = 0; i < count; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "c0ffee%06d", i + 1);
    outcome.ids.push_back(id);
    project.add({id, down, "step " + std::to_string(i + 1),
                 "CREATE TABLE t_" + std::to_string(i) + " (id integer);\nINSERT INTO migration_log (rev) VALUES ('" +
                     std::string(id) + "');\n" + pause_sql,
                 "DROP TABLE t_" + std::to_string(i) + ";"});
    down = {id};
  }
  std::vector<std::unique_ptr<Process>> running;
  for (int i = 0; i < processes; ++i) {
    RunSpec spec;
    spec.cwd = project.dir();
    running.push_back(std::make_unique<Process>(db_binary(),
                                                std::vector<std::string>{"-c", project.toml().string(), "push"}, spec));
  }
  for (auto& p : running) {
    outcome.runs.push_back(p->wait());
  }
  return outcome;
}

void check(TestDb& database, const Outcome& outcome) {
  std::size_t steps_logged = 0;
  for (const auto& r : outcome.runs) {
    EXPECT_EQ(r.exit_code, 0) << r;
    steps_logged += count_of(r.err, "Running upgrade");
  }
  EXPECT_EQ(steps_logged, outcome.ids.size()) << "the step log of all runs together";
  EXPECT_THAT(database.query("SELECT rev FROM migration_log ORDER BY seq"), ElementsAreArray(outcome.ids));
  EXPECT_THAT(database.versions(), ElementsAreArray({outcome.ids.back()}));
}

TEST(CliConcurrency, EightPushesAtOnceOnPostgres) {
  RETORT_REQUIRE_PG();
  for (const char* mode : {"false", "true"}) {
    SCOPED_TRACE(std::string("transaction_per_migration = ") + mode);
    PgDb database("cliconc");
    database.exec("CREATE TABLE migration_log (seq serial PRIMARY KEY, rev text NOT NULL)");
    CliProject project(database.url(), std::string("transaction_per_migration = ") + mode);
    const auto outcome = push_concurrently(project, 8, 5, "SELECT pg_sleep(0.05);");
    check(database, outcome);
  }
}

TEST(CliConcurrency, FourPushesAtOnceOnSqlite) {
  CliProject project;
  SqliteDb database(project.dir() / "conc.sqlite");
  database.exec("CREATE TABLE migration_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, rev TEXT NOT NULL)");
  project.write_config(database.url());
  const auto outcome = push_concurrently(project, 4, 5, "");
  check(database, outcome);
}

TEST(CliConcurrency, LockTimeoutGivesUpWhileAnotherRunHoldsTheLock) {
  RETORT_REQUIRE_PG();
  PgDb database("clilock");
  CliProject project(database.url());
  project.add({"5e0000000001", {}, "slow", "SELECT pg_sleep(3);\nCREATE TABLE slow_done (id integer);", "DROP TABLE slow_done;"});
  RunSpec spec;
  spec.cwd = project.dir();
  Process first(db_binary(), {"-c", project.toml().string(), "push"}, spec);

  // Wait until the first run holds its advisory lock.
  bool locked = false;
  for (int i = 0; i < 200 && !locked; ++i) {
    locked = database.query("SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND granted") !=
             std::vector<std::string>{"0"};
    if (!locked) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  ASSERT_TRUE(locked) << "the first run never took the lock";

  const auto second = project.db({"push", "--lock-timeout", "200"});
  EXPECT_EQ(second.exit_code, 1) << second;
  EXPECT_THAT(second.err, ::testing::HasSubstr("timed out after 200ms waiting for another retort run")) << second;
  EXPECT_THAT(second.err, ::testing::Not(::testing::HasSubstr("Running upgrade"))) << second;

  const auto done = first.wait();
  EXPECT_EQ(done.exit_code, 0) << done;
  EXPECT_TRUE(database.has_table("slow_done"));
  EXPECT_THAT(database.versions(), ElementsAreArray({std::string("5e0000000001")}));
}

}  // namespace
}  // namespace retort::test
