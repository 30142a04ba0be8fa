// dev, diff, check, generate-from-diff and revision --autogenerate through
// the real `db` binary on a real PostgreSQL; and Ctrl-C while the shadow
// database exists.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "support/pg_fixture.hpp"
#include "support/run_db.hpp"
#include "support/temp_dir.hpp"

namespace retort::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class AutogenCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!pg_admin_url()) {
      GTEST_SKIP() << "RETORT_TEST_PG_URL is not set; run `source scripts/pg-throwaway.sh && pg_up` first";
    }
    m_db = std::make_unique<TestDatabase>("autogen_cli");
    m_dir.write("schema/schema.sql", "");
  }

  RunOutput db(const std::vector<std::string>& args) {
    RunSpec spec;
    spec.cwd = m_dir.path();
    spec.env["DATABASE_URL"] = m_db->url();
    return run_db(args, spec);
  }
  void declare(const std::string& sql) { m_dir.write("schema/schema.sql", sql); }
  std::size_t versions() const {
    std::size_t n = 0;
    if (std::filesystem::exists(m_dir.path() / "versions")) {
      for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(m_dir.path() / "versions")) {
        ++n;
      }
    }
    return n;
  }

  TempDir m_dir;
  std::unique_ptr<TestDatabase> m_db;
};

TEST_F(AutogenCli, Workflow) {
  declare("CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT UNIQUE NOT NULL, display_name TEXT NOT NULL);\n");

  auto r = db({"check"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_EQ(r.out, "New upgrade operations detected:\n  - add table users\n") << r;

  r = db({"diff"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("CREATE TABLE users (\n    id bigint NOT NULL,"));
  EXPECT_EQ(db({"diff", "--exit-code"}).exit_code, 1);
  EXPECT_EQ(versions(), 0u);

  r = db({"dev", "--name", "create users"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("  - add table users\n"));
  EXPECT_THAT(r.out, HasSubstr("_create_users.sql ...  done\n"));
  EXPECT_THAT(r.err, HasSubstr("Running upgrade  -> "));
  EXPECT_EQ(versions(), 1u);

  r = db({"check"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "No new upgrade operations detected.\n");
  r = db({"dev"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "No changes detected\n");
  EXPECT_EQ(versions(), 1u);
  r = db({"diff", "--exit-code"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "");

  // Without --name the message comes from the change.
  declare("CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT UNIQUE NOT NULL, display_name TEXT NOT NULL, bio TEXT);\n");
  r = db({"dev"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("_add_column_users_bio.sql ...  done\n"));

  // A drop is refused without --allow-destructive.
  declare("CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT UNIQUE NOT NULL, display_name TEXT NOT NULL);\n");
  r = db({"dev"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("db: error: refusing to write and apply a destructive migration:\n"
                               "  - drop column users.bio: drops column users.bio and the data in it\n"));
  EXPECT_EQ(versions(), 2u);
  r = db({"check"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.out, HasSubstr("      DESTRUCTIVE: drops column users.bio and the data in it\n"));

  // generate-from-diff writes (and only marks the drop); the database is then behind.
  r = db({"generate-from-diff", "drop bio"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("_drop_bio.sql ...  done\n"));
  EXPECT_EQ(versions(), 3u);
  r = db({"dev"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("db: error: Target database is not up to date."));
  EXPECT_THAT(r.err, HasSubstr("db push"));
  ASSERT_EQ(db({"push"}).exit_code, 0);
  EXPECT_EQ(db({"check"}).exit_code, 0);

  // revision --autogenerate writes without applying.
  declare("CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT UNIQUE NOT NULL, display_name TEXT NOT NULL, age INT);\n");
  r = db({"revision", "--autogenerate", "-m", "add age"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("  - add column users.age\n"));
  EXPECT_THAT(r.out, HasSubstr("_add_age.sql ...  done\n"));
  EXPECT_EQ(versions(), 4u);
  r = db({"show", "head"});
  EXPECT_THAT(r.out, HasSubstr("-- migrate:upgrade\nALTER TABLE users ADD COLUMN age integer;\n"));
  EXPECT_THAT(r.out, HasSubstr("-- migrate:downgrade\n-- DESTRUCTIVE: drops column users.age and the data in it\nALTER TABLE users DROP COLUMN age;\n"));

  // All the way down and up again.
  ASSERT_EQ(db({"push"}).exit_code, 0);
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(db({"downgrade", "-1"}).exit_code, 0);
  }
  ASSERT_EQ(db({"push"}).exit_code, 0);
  EXPECT_EQ(db({"check"}).exit_code, 0);
}

// A difference in an object retort writes no SQL for (here an ordered-set
// aggregate added, then changed) is named by every command, fails check
// and diff --exit-code, and dev writes nothing rather than claim there is
// no change.
TEST_F(AutogenCli, WhatIsNotGeneratedIsReported) {
  const std::string table =
      "CREATE TABLE users (id int PRIMARY KEY);\n"
      "CREATE AGGREGATE my_pct(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition, STYPE = internal, "
      "FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);\n";
  declare(table);
  auto r = db({"dev", "--name", "users"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("  - add table users\nNot generated (retort writes no SQL for these; write a "
                               "migration for them by hand):\n  - aggregate my_pct(double precision, "
                               "anyelement): only in the declared schema\nGenerating "));
  // As a hand-written migration would.
  connect(m_db->url(), ".")->execute_script(table.substr(table.find("CREATE AGGREGATE")));
  EXPECT_EQ(db({"check"}).exit_code, 0);
  declare("CREATE TABLE users (id int PRIMARY KEY);\n"
          "CREATE AGGREGATE my_pct(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition, STYPE = internal, "
          "FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA, PARALLEL = SAFE);\n");
  const std::string what = "aggregate my_pct(double precision, anyelement): differs";
  const std::string listed =
      "Not generated (retort writes no SQL for these; write a migration for them by hand):\n  - " + what + "\n";

  r = db({"check"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_EQ(r.out, listed) << r;

  r = db({"diff", "--exit-code"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_EQ(r.out, "-- NOT GENERATED: retort writes no SQL for these differences; add it here by hand:\n--   " +
                       what + "\n")
      << r;
  EXPECT_EQ(db({"diff"}).exit_code, 0);

  r = db({"dev"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "No changes retort can generate; nothing was written\n" + listed) << r;
  EXPECT_EQ(versions(), 1u);

  r = db({"--json", "check"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.out, HasSubstr("\"not_generated\": [\n    \"" + what + "\"\n  ]"));

  // revision --autogenerate writes a migration to fill in, with the list.
  r = db({"revision", "--autogenerate", "-m", "parallel"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.out, HasSubstr("No changes retort can generate; writing a migration to fill in by hand\n" + listed));
  EXPECT_EQ(versions(), 2u);
  r = db({"show", "head"});
  EXPECT_THAT(r.out, HasSubstr("-- migrate:upgrade\n-- NOT GENERATED: retort writes no SQL for these differences; "
                               "add it here by hand:\n--   " + what + "\n"));
}

TEST_F(AutogenCli, SqliteIsRefusedClearly) {
  RunSpec spec;
  spec.cwd = m_dir.path();
  spec.env["DATABASE_URL"] = "sqlite:///dev.db";
  for (const char* command : {"dev", "diff", "check"}) {
    const auto r = run_db({command}, spec);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.err, HasSubstr("autogenerate supports PostgreSQL for now")) << r;
  }
  const auto r = run_db({"generate-from-diff", "x"}, spec);
  EXPECT_THAT(r.err, HasSubstr("autogenerate supports PostgreSQL for now")) << r;
}

// The shadow database `db diff` (pid `pid`) made, or "" while there is none.
std::string shadow_of(Backend& admin, int pid) {
  const QueryResult r = admin.query(
      "SELECT datname FROM pg_database WHERE datname LIKE 'retort\\_shadow\\_" + std::to_string(pid) + "\\_%'", {});
  return r.values.empty() || !r.values[0] ? std::string() : *r.values[0];
}

// `db diff` on the declared schema, sent `signal` once `ready(shadow
// database name)` says so (polled every 10 ms for a minute): the process
// ends by the signal and, once the statements it sent have ended, its shadow
// database is gone.
void expect_signal_drops_the_shadow(const std::filesystem::path& dir, const std::string& url, int signal,
                                    const std::function<bool(const std::string&)>& ready) {
  RunSpec spec;
  spec.cwd = dir;
  spec.env["DATABASE_URL"] = url;
  spec.timeout = std::chrono::seconds(60);
  Process p(db_binary(), {"diff"}, spec);
  const auto admin = connect(*pg_admin_url(), ".");
  bool seen = false;
  for (int i = 0; i < 6000 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const std::string shadow = shadow_of(*admin, p.pid());
    seen = !shadow.empty() && ready(shadow);
  }
  ASSERT_TRUE(seen) << "the shadow database never got ready";
  ::kill(p.pid(), signal);
  const RunOutput r = p.wait();
  EXPECT_EQ(r.exit_code, -signal) << r;
  // A statement the process sent may still be running without it.
  const std::string prefix = "retort_shadow_" + std::to_string(p.pid()) + "_";
  for (int i = 0; i < 500; ++i) {
    if (admin->execute("SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE '%" + prefix +
                       "%'") == 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const std::string left = shadow_of(*admin, p.pid());
  EXPECT_EQ(left, "") << "the shadow database is still there";
  if (!left.empty()) {
    admin->execute("DROP DATABASE " + left + " WITH (FORCE)");  // not left for the next test
  }
}

// Ready once the shadow exists and the schema has had 300 ms to reach its
// pg_sleep.
bool after_a_moment(const std::string&) {
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  return true;
}

// Interrupted while the shadow database exists (the schema takes a minute
// to apply): the shadow is dropped.
TEST_F(AutogenCli, CtrlCDropsTheShadowDatabase) {
  declare("CREATE TABLE t (id int);\nSELECT pg_sleep(60);\n");
  expect_signal_drops_the_shadow(m_dir.path(), m_db->url(), SIGINT, after_a_moment);
}

// The same while two connections build the shadow, one of them asleep.
TEST_F(AutogenCli, CtrlCDropsTheShadowDatabaseBuiltOnTwoConnections) {
  std::string sql = "CREATE TABLE slow AS SELECT 1 AS s FROM pg_sleep(60);\n";
  for (int i = 0; i < 100; ++i) {
    sql += "CREATE TABLE t" + std::to_string(i) + " (id int PRIMARY KEY);\n";
  }
  declare(sql);
  expect_signal_drops_the_shadow(m_dir.path(), m_db->url(), SIGINT, after_a_moment);
}

// A signal while two connections build the shadow: the cleanup's DROP
// ... WITH (FORCE) ends their statements, so the run on two connections
// fails and starts the shadow again from empty (DROP, then CREATE
// DATABASE) beside the cleanup. That CREATE must not outlive the cleanup:
// with many relations to drop, the two DROPs overlap and the CREATE used to
// reach the server before the signal ended the process. Signalled once the
// shadow holds 600 of 1,500 tables, four times.
TEST_F(AutogenCli, TheShadowIsNotMadeAgainAfterTheSignal) {
  std::string sql;
  for (int i = 0; i < 1500; ++i) {
    const std::string t = "t" + std::to_string(i);
    sql += "CREATE TABLE " + t + " (id bigint PRIMARY KEY, parent bigint" +
           (i < 20 ? std::string() : " REFERENCES t" + std::to_string(i % 20) + " (id)") +
           ", name text NOT NULL, note text);\nCREATE INDEX ix_" + t + " ON " + t + " (name);\n";
  }
  declare(sql);
  const auto tables_made = [](const std::string& shadow) {
    try {
      return connect(with_database(*pg_admin_url(), shadow), ".")
                 ->execute("SELECT 1 FROM pg_class WHERE relkind = 'r' AND relname ~ '^t[0-9]'") >= 600;
    } catch (const DatabaseError&) {
      return false;  // not there yet
    }
  };
  for (int attempt = 0; attempt < 4 && !HasFailure(); ++attempt) {
    expect_signal_drops_the_shadow(m_dir.path(), m_db->url(), attempt % 2 == 0 ? SIGTERM : SIGINT, tables_made);
  }
}

}  // namespace
}  // namespace retort::test
