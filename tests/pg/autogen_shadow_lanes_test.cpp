// The declared schema built on more than one connection at once
// (autogen::plan_lanes, ShadowDatabase::apply), on a real PostgreSQL: the
// same database as on one connection, the same errors. The plan itself is
// tested in tests/unit/shadow_lanes_test.cpp.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <retort/backend.hpp>
#include <retort/error.hpp>

#include "autogen/model.hpp"
#include "autogen/shadow.hpp"
#include "autogen/shadow_lanes.hpp"
#include "pg/snapshot.hpp"
#include "support/pg_fixture.hpp"
#include "fuzz/schema_fuzz.hpp"
#include "support/temp_dir.hpp"
#include "util/sql_split.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Two files of every kind of object the lanes run apart: a preamble, an
// extension and a GRANT (barriers), names PostgreSQL makes up, and pairs of
// tables whose made-up names collide, so that which one comes first shows.
std::vector<fs::path> wide_schema(const test::TempDir& dir) {
  std::string a =
      "SET check_function_bodies = true;\n"
      "SELECT pg_catalog.set_config('search_path', 'public', false);\n"
      "CREATE EXTENSION IF NOT EXISTS citext;\n"
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
      "CREATE DOMAIN positive AS integer CHECK (VALUE > 0);\n"
      "CREATE SEQUENCE order_no START 100;\n"
      "CREATE TABLE hub (id serial PRIMARY KEY, name citext UNIQUE, m mood DEFAULT 'ok');\n"
      "CREATE TABLE events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);\n"
      "CREATE INDEX ON events (at);\n";
  for (int i = 0; i < 60; ++i) {
    const std::string n = std::to_string(i);
    a += "CREATE TABLE t" + n +
         " (id bigint PRIMARY KEY, hub_id int REFERENCES hub ON DELETE CASCADE, n positive, "
         "o bigint DEFAULT nextval('order_no'), note text CHECK (note <> ''), UNIQUE (n, o));\n";
    a += "CREATE INDEX ON t" + n + " (hub_id);\n";
    // Both want the sequence c<n>_x_id_seq: the second gets c<n>_x_id_seq1.
    a += "CREATE TABLE c" + n + " (x_id serial);\n";
    a += "CREATE TABLE c" + n + "_x (id serial);\n";
    a += "COMMENT ON TABLE t" + n + " IS 'table " + n + " of hub';\n";
    if (i < 10) {
      a += "CREATE TABLE events_" + n + " PARTITION OF events FOR VALUES FROM ('20" + std::to_string(10 + i) +
           "-01-01') TO ('20" + std::to_string(11 + i) + "-01-01');\n";
    }
  }
  const std::string b =
      "CREATE FUNCTION hub_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM hub $$;\n"
      "CREATE VIEW hub_names AS SELECT name, hub_count() AS total FROM hub;\n"
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
      "CREATE TRIGGER t1_touch BEFORE UPDATE ON t1 FOR EACH ROW EXECUTE FUNCTION touch();\n"
      "ALTER TABLE t2 ADD CONSTRAINT t2_t3 FOREIGN KEY (id) REFERENCES t3;\n"
      "ALTER TABLE t4 ADD COLUMN extra int NOT NULL DEFAULT 4;\n"
      "GRANT SELECT ON hub TO PUBLIC;\n"
      "CREATE TABLE after_grant (id int REFERENCES t5);\n"
      "CREATE MATERIALIZED VIEW mv AS SELECT id FROM t5 WITH NO DATA;\n";
  return {dir.write("schema/a.sql", a), dir.write("schema/b.sql", b)};
}

// What the shadow database holds after `connections` connections applied
// `files`, taking `per_batch` statements at a time: its snapshot of
// `schemas`, then the names of every sequence, index, type and constraint
// (the snapshot leaves out some made-up names, such as a serial column's
// sequence or a table's array type).
std::string built_with(const std::string& target, const std::vector<fs::path>& files, std::size_t connections,
                       const std::vector<std::string>& schemas = {}, std::size_t per_batch = 32) {
  autogen::ShadowDatabase shadow(target, "", ".");
  shadow.apply(files, connections, per_batch);
  const std::string user_schema = "(SELECT oid FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> "
                                  "'information_schema')";
  const QueryResult names =
      connect(shadow.url(), ".")
          ->query("SELECT string_agg(name, ' ' ORDER BY name) FROM (SELECT relnamespace::regnamespace || '.' || "
                  "relname AS name FROM pg_class WHERE relnamespace IN " +
                      user_schema +
                      " AND relkind IN ('S', 'i', 'I') UNION ALL SELECT typnamespace::regnamespace || '.' || "
                      "typname FROM pg_type WHERE typnamespace IN " +
                      user_schema +
                      " UNION ALL SELECT conrelid::regclass || '.' || conname FROM pg_constraint WHERE "
                      "connamespace IN " +
                      user_schema + ") x",
                  {});
  return autogen::dump(pg::snapshot(shadow.url(), schemas)) + "\nnames: " + names.values.at(0).value_or("");
}

TEST(AutogenShadowLanes, TwoConnectionsBuildWhatOneBuilds) {
  RETORT_REQUIRE_PG();
  test::TestDatabase target("lanes_same");
  test::TempDir dir;
  const auto files = wide_schema(dir);
  const std::string one = built_with(target.url(), files, 1);
  const std::string two = built_with(target.url(), files, 2);
  EXPECT_EQ(one, two);
  // The files' order decided the made-up names, and everything is there.
  EXPECT_THAT(one, HasSubstr(" public.c59_x_id_seq public.c59_x_id_seq1 "));
  EXPECT_THAT(one, HasSubstr(" public.t59_hub_id_idx "));
  EXPECT_THAT(one, HasSubstr(" t59.t59_n_o_key "));
  EXPECT_THAT(one, HasSubstr(" public._t59 "));
  EXPECT_THAT(one, HasSubstr("events_9"));
  EXPECT_THAT(one, HasSubstr("t1_touch"));
  EXPECT_THAT(one, HasSubstr("after_grant"));
  EXPECT_THAT(one, HasSubstr("table 59 of hub"));
}

// Many teams' schema file is `pg_dump --schema-only` output: SET and
// set_config() at the top, SET default_table_access_method further down,
// OWNER TO, OWNED BY, ATTACH PARTITION, GRANT. It runs side by side, and
// builds what it builds on one connection.
TEST(AutogenShadowLanes, APgDumpOfTheSchemaRunsSideBySide) {
  RETORT_REQUIRE_PG();
  test::TestDatabase source("lanes_dump_src");
  test::TestDatabase target("lanes_dump");
  test::TempDir dir;
  auto backend = connect(source.url(), ".");
  for (const auto& file : wide_schema(dir)) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    backend->execute_script(text.str());
  }
  const std::string pg_dump = std::ifstream("/usr/lib/postgresql/15/bin/pg_dump").good()
                                  ? "/usr/lib/postgresql/15/bin/pg_dump"
                                  : "pg_dump";
  const fs::path dump = dir.path() / "dump.sql";
  const std::string command =
      pg_dump + " --schema-only --no-comments -d '" + source.url() + "' -f '" + dump.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(dump);
  std::ostringstream text;
  text << in.rdbuf();
  // What apply() sends: pg_dump's \restrict lines blanked out.
  const std::string sql = autogen::without_psql_guards(dump, text.str());
  ASSERT_THAT(sql, HasSubstr("SET default_table_access_method = heap;"));
  std::vector<std::string_view> statements;
  for (const auto& s : util::split_sql(sql, util::SqlDialect::postgresql)) {
    statements.push_back(s.text);
  }
  const autogen::LanePlan plan = autogen::plan_lanes(statements);
  EXPECT_TRUE(plan.parallel) << plan.why_not << ": " << statements.at(plan.why_not_statement);
  EXPECT_GE(plan.preamble, 5u);
  EXPECT_EQ(built_with(target.url(), {dump}, 1), built_with(target.url(), {dump}, 2));
}

// Table c's serial column x_id and table c_x's serial column id both want the
// sequence c_x_id_seq: the first of them in the files gets it. Here the
// first connection's first batch ends with a slow statement that c waits
// for, and c_x comes right after c: c_x must wait for c too.
TEST(AutogenShadowLanes, MadeUpNamesGoAsInTheFilesOrder) {
  RETORT_REQUIRE_PG();
  test::TestDatabase target("lanes_names");
  test::TempDir dir;
  std::string sql;
  for (int i = 0; i < 31; ++i) {
    sql += "CREATE TABLE f" + std::to_string(i) + " (id int);\n";
  }
  sql += "CREATE TABLE slow AS SELECT 1 AS s FROM pg_sleep(0.3);\n";  // the 32nd statement
  sql += "CREATE TABLE c (LIKE slow, x_id serial);\n";
  sql += "CREATE TABLE c_x (id serial);\n";
  for (int i = 0; i < 40; ++i) {
    sql += "CREATE TABLE g" + std::to_string(i) + " (id int);\n";
  }
  const std::vector<fs::path> files = {dir.write("schema.sql", sql)};
  autogen::ShadowDatabase shadow(target.url(), "", ".");
  shadow.apply(files, 2);
  const QueryResult r = connect(shadow.url(), ".")
                            ->query("SELECT pg_get_serial_sequence('c', 'x_id') || ' ' || "
                                    "pg_get_serial_sequence('c_x', 'id')",
                                    {});
  EXPECT_EQ(r.values.at(0).value_or(""), "public.c_x_id_seq public.c_x_id_seq1");
}

// A role that may hold one connection at a time: the second connection is
// refused, and the schema is built on the one there is.
TEST(AutogenShadowLanes, ARefusedSecondConnectionLeavesTheFirstToDoItAll) {
  RETORT_REQUIRE_PG();
  test::TestDatabase target("lanes_limit");
  const test::TestRole role("rt_one_connection", "CREATEDB CONNECTION LIMIT 1");
  const std::string url = role.url(target.url());
  test::TempDir dir;
  std::string sql;
  for (int i = 0; i < 100; ++i) {
    sql += "CREATE TABLE t" + std::to_string(i) + " (id int PRIMARY KEY);\n";
  }
  const std::vector<fs::path> files = {dir.write("schema.sql", sql)};
  {
    autogen::ShadowDatabase shadow(url, "", ".");
    shadow.apply(files, 2);
    EXPECT_EQ(connect(shadow.url(), ".")->execute("SELECT 1 FROM pg_class WHERE relkind = 'r' AND relname ~ '^t'"),
              100);
  }
  // Dropped, though the connection just closed may still have counted
  // against the limit when the DROP connected.
  EXPECT_EQ(connect(*test::pg_admin_url(), ".")
                ->execute("SELECT 1 FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = '" +
                          role.name() + "'"),
            0);
}

// connect_waiting: a role's only connection, given back a moment later,
// is waited for; held on, the refusal comes through after the tries.
TEST(AutogenShadowLanes, ConnectWaitingWaitsForAConnectionSlot) {
  RETORT_REQUIRE_PG();
  test::TestDatabase target("lanes_slot");
  const test::TestRole role("rt_slot", "CONNECTION LIMIT 1");
  const std::string url = role.url(target.url());
  auto holder = connect(url, ".");
  EXPECT_THROW(connect(url, "."), DatabaseError);
  std::thread release([&holder] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    holder.reset();
  });
  std::unique_ptr<Backend> waited;
  EXPECT_NO_THROW(waited = autogen::connect_waiting(url, "."));
  release.join();
  ASSERT_TRUE(waited);
  EXPECT_EQ(waited->execute("SELECT 1"), 1);
  try {
    (void)autogen::connect_waiting(url, ".");
    ADD_FAILURE() << "a second connection was allowed";
  } catch (const DatabaseError& e) {
    EXPECT_THAT(e.what(), HasSubstr("too many connections"));
  }
}

// Tables made from the connection that made them: two connections, two
// backends; one, one.
TEST(AutogenShadowLanes, TheConnectionsReallyWorkSideBySide) {
  RETORT_REQUIRE_PG();
  test::TestDatabase target("lanes_pids");
  test::TempDir dir;
  std::string sql;
  std::string all;
  for (int i = 0; i < 640; ++i) {
    const std::string t = "p" + std::to_string(i);
    sql += "CREATE TABLE " + t + " AS SELECT pg_backend_pid() AS pid;\n";
    all += (i == 0 ? "" : " UNION ALL ") + ("SELECT pid FROM " + t);
  }
  const std::vector<fs::path> files = {dir.write("schema.sql", sql)};
  const auto backends = [&](std::size_t connections) {
    autogen::ShadowDatabase shadow(target.url(), "", ".");
    shadow.apply(files, connections);
    const QueryResult r = connect(shadow.url(), ".")->query("SELECT count(DISTINCT pid) FROM (" + all + ") x", {});
    return r.values.at(0).value_or("");
  };
  EXPECT_EQ(backends(1), "1");
  EXPECT_EQ(backends(2), "2");
}

// A statement that fails on two connections: the database is emptied and
// the schema runs again on one, which names the file and line; with a
// temporary shadow and with shadow_url.
TEST(AutogenShadowLanes, AFailureIsReportedAsOnOneConnection) {
  RETORT_REQUIRE_PG();
  test::TestDatabase target("lanes_error");
  test::TestDatabase shadow_db("lanes_error_shadow");
  test::TempDir dir;
  std::string a;
  for (int i = 0; i < 100; ++i) {
    a += "CREATE TABLE t" + std::to_string(i) + " (id int PRIMARY KEY);\n";
  }
  const std::vector<fs::path> files = {
      dir.write("schema/a.sql", a),
      dir.write("schema/b.sql", "CREATE TABLE fine (id int);\n\nCREATE TABLE bad (\n  x int REFERENCES nope\n);\n"
                                "CREATE TABLE never (id int);\n")};
  const auto error_with = [&](const std::string& shadow_url, std::size_t connections) -> std::string {
    try {
      autogen::ShadowDatabase shadow(target.url(), shadow_url, ".");
      shadow.apply(files, connections);
    } catch (const ScriptError& e) {
      EXPECT_EQ(e.line(), 3);
      return e.what();
    }
    ADD_FAILURE() << "the broken schema applied";
    return {};
  };
  for (const std::string& shadow_url : {std::string(), shadow_db.url()}) {
    const std::string one = error_with(shadow_url, 1);
    EXPECT_THAT(one, StartsWith(files[1].string() + ":3: the declared schema does not apply: relation \"nope\" "
                                                    "does not exist"));
    EXPECT_THAT(one, HasSubstr("42P01"));
    EXPECT_EQ(error_with(shadow_url, 2), one);
  }
  // Emptied after use.
  EXPECT_EQ(connect(shadow_db.url(), ".")->execute("SELECT 1 FROM pg_class WHERE relname IN ('t0', 'fine')"), 0);
}

// The schema fuzzer's declared schemas (B of tests/fuzz/schema_fuzz.hpp:
// every kind of object autogenerate compares, in several schemas, names
// alike), with tables after them to make them long enough, built on one
// connection and on two that take one statement at a time.
class AutogenShadowLanesFuzz : public ::testing::TestWithParam<unsigned> {};

TEST_P(AutogenShadowLanesFuzz, TwoConnectionsBuildWhatOneBuilds) {
  RETORT_REQUIRE_PG();
  test::fuzz::FuzzOptions options;
  if (const char* on = std::getenv("RETORT_LANES_ON")) {
    options.on = test::fuzz::split_list(on);
    options.max_edits = 12;
  }
  const test::fuzz::GeneratedPair pair = test::fuzz::generate_pair(GetParam(), options);
  std::string sql = pair.b + "\n";
  for (int i = 0; i < 64; ++i) {
    sql += "CREATE TABLE lanes_pad_" + std::to_string(i) + " (id int);\n";
  }
  std::vector<std::string_view> statements;
  for (const auto& s : util::split_sql(sql, util::SqlDialect::postgresql)) {
    statements.push_back(s.text);
  }
  const autogen::LanePlan plan = autogen::plan_lanes(statements);
  ASSERT_TRUE(plan.parallel) << plan.why_not << ": " << statements.at(plan.why_not_statement);
  test::TestDatabase target("lanes_fuzz");
  test::TempDir dir;
  const std::vector<fs::path> files = {dir.write("schema.sql", sql)};
  EXPECT_EQ(built_with(target.url(), files, 1, pair.schemas), built_with(target.url(), files, 2, pair.schemas, 1))
      << "seed " << pair.seed << "\n" << pair.b;
}

// RETORT_LANES_SEEDS=FIRST-LAST looks at other seeds; RETORT_LANES_ON (a
// list of FuzzOptions::on features) adds those, with up to 12 edits.
std::vector<unsigned> lanes_seeds() {
  std::vector<unsigned> out;
  if (const char* range = std::getenv("RETORT_LANES_SEEDS")) {
    const std::string text = range;
    const auto dash = text.find('-');
    const unsigned first = static_cast<unsigned>(std::stoul(text.substr(0, dash)));
    const unsigned last = dash == std::string::npos ? first : static_cast<unsigned>(std::stoul(text.substr(dash + 1)));
    for (unsigned seed = first; seed <= last; ++seed) {
      out.push_back(seed);
    }
    return out;
  }
  for (unsigned seed = 1; seed <= 16; ++seed) {
    out.push_back(seed);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Seeds, AutogenShadowLanesFuzz, ::testing::ValuesIn(lanes_seeds()),
                         [](const ::testing::TestParamInfo<unsigned>& p) { return "seed_" + std::to_string(p.param); });

}  // namespace
}  // namespace retort
