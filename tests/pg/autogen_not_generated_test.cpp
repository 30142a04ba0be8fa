// Objects autogenerate reads (functions, triggers, rules, range types, ...,
// which it generates; aggregates, partitions, ..., which it does not), on a real
// PostgreSQL: every kind is read, the same DDL on both sides is no
// difference, and each not-generated kind's difference is reported by name
// instead of being left out silently.

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/autogen.hpp>

#include "support/autogen_fixture.hpp"

namespace retort {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// One object of every kind, and a table and a view that are diffed.
constexpr const char* kEveryKind = R"sql(
CREATE SCHEMA app;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE users (id int PRIMARY KEY, name text);
CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT i + 1 $$;
CREATE PROCEDURE app.noop() LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE AGGREGATE my_sum(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0');
CREATE AGGREGATE my_pct(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition, STYPE = internal, FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS n FROM users;
CREATE UNIQUE INDEX totals_n ON totals (n);
CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_at ON events (at);
CREATE TRIGGER events_touch BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FOREIGN DATA WRAPPER retort_test_fdw;
CREATE SERVER retort_test_server FOREIGN DATA WRAPPER retort_test_fdw;
CREATE FOREIGN TABLE remote_users (id int, name text) SERVER retort_test_server OPTIONS (table_name 'users');
CREATE UNLOGGED TABLE cache (k text) WITH (fillfactor = 70);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_self ON users USING (name = current_user);
CREATE RULE users_no_delete AS ON DELETE TO users DO INSTEAD NOTHING;
CREATE TYPE pair AS (a int, b text);
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE VIEW v WITH (security_barrier) AS SELECT id FROM users;
)sql";

TEST(AutogenNotGenerated, EveryKindIsReadAndTheSameDdlIsNoDifference) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("notgen_all");
  p.set_include_schemas({"public", "app"});
  p.declare(kEveryKind);
  p.exec(kEveryKind);
  const SchemaDiff d = diff_against_declared(p.project());
  EXPECT_TRUE(d.in_sync()) << d.upgrade_sql;
  const std::string live = p.live();
  for (const char* line :
       {"aggregate public.my_sum(integer): ",
        "aggregate public.my_pct(double precision, anyelement): ordered-set aggregate (kind o)\nRETURNS anyelement\n",
        "composite type public.pair: a integer, b text",
        "foreign table public.remote_users: ", "function public.add_one(integer): ", "function public.touch(): ",
        "materialized view public.totals as  SELECT count(*) AS n\n   FROM users\n  index totals_n unique using btree (n)\n",
        "table public.events partition by RANGE (at)\n  column at date null\n  column id integer null\n  index events_at using btree (at)\n",
        "table public.events_2026 partition of public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')\n",
        "policy public.users_self on public.users: PERMISSIVE FOR ALL TO PUBLIC", "procedure app.noop(): ",
        "range type public.floatrange: SUBTYPE = double precision, SUBTYPE_OPCLASS = float8_ops, SUBTYPE_DIFF = "
        "float8mi, MULTIRANGE_TYPE_NAME = floatmultirange", "rule public.users_no_delete on public.users: ",
        "unlogged table public.cache WITH (fillfactor=70)", "row security public.users: ENABLE ROW LEVEL SECURITY",
        "trigger public.events_touch on public.events: ", "trigger public.users_touch on public.users: ",
        "view public.v WITH (security_barrier=true) as"}) {
    EXPECT_THAT(live, HasSubstr(std::string("\n") + line)) << line;
  }
  // Neither the extension's functions nor the range type's constructors.
  EXPECT_THAT(live, Not(HasSubstr("similarity")));
  EXPECT_THAT(live, Not(HasSubstr("function public.floatrange(")));
  // The cloned trigger on the partition belongs to the partitioned table's.
  EXPECT_THAT(live, Not(HasSubstr("trigger public.events_touch on public.events_2026")));
}

struct Case {
  std::string name;
  std::string database;  // applied to the database
  std::string declared;  // the declared schema
  std::vector<std::string> expected;
};

const char* const kUsers = "CREATE TABLE users (id int PRIMARY KEY, name text);\n";
// An ordered-set aggregate, which retort does not generate.
const char* const kPercentile =
    "CREATE AGGREGATE my_pct(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition, STYPE = internal, "
    "FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);\n";
const char* const kTouch =
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n";

std::vector<Case> cases() {
  const std::string users = kUsers;
  const std::string touch = kTouch;
  const std::string parted_only = "CREATE TABLE e (at date) PARTITION BY RANGE (at);";
  const std::string partition =
      parted_only + "CREATE TABLE e_2026 PARTITION OF e FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');";
  const std::string server = "CREATE FOREIGN DATA WRAPPER w; CREATE SERVER s FOREIGN DATA WRAPPER w;";
  const std::string base = "CREATE TABLE base (a int);";
  return {
      {"trigger_on_foreign_table", touch + server + "CREATE FOREIGN TABLE ft (a int) SERVER s;",
       touch + server + "CREATE FOREIGN TABLE ft (a int) SERVER s;"
                        "CREATE TRIGGER t BEFORE INSERT ON ft FOR EACH ROW EXECUTE FUNCTION touch();",
       {"trigger t on ft: only in the declared schema"}},
      {"ordered_set_aggregate_dropped", kPercentile, "",
       {"aggregate my_pct(double precision, anyelement): only in the database"}},
      // Partitioning and partition membership of a table that stays.
      {"table_becomes_partitioned", "CREATE TABLE e (at date);", "CREATE TABLE e (at date) PARTITION BY RANGE (at);",
       {"partitioning of e: differs (database: none; declared: 'PARTITION BY RANGE (at)')"}},
      {"table_becomes_partition", parted_only + "CREATE TABLE e_2026 (at date);", partition,
       {"partition membership of e_2026: differs (database: none; declared: 'PARTITION OF e FOR VALUES FROM "
        "('2026-01-01') TO ('2027-01-01')')"}},
      {"partition_detached", partition, parted_only + "CREATE TABLE e_2026 (at date);",
       {"partition membership of e_2026: differs (database: 'PARTITION OF e FOR VALUES FROM ('2026-01-01') TO "
        "('2027-01-01')'; declared: none)"}},
      {"foreign_table_options", server + "CREATE FOREIGN TABLE ft (a int) SERVER s OPTIONS (table_name 'a');",
       server + "CREATE FOREIGN TABLE ft (a int) SERVER s OPTIONS (table_name 'b');", {"foreign table ft: differs"}},
      // The same columns, inherited or the table's own.
      {"inheritance_added", base + "CREATE TABLE kid (a int, b int);", base + "CREATE TABLE kid (b int) INHERITS (base);",
       {"inheritance of kid: differs (database: none; declared: 'INHERITS (base)')"}},
  };
}

// Each case differs in one object autogenerate does not generate: no
// operations, the difference named, check fails.
TEST(AutogenNotGenerated, EachKindsDifferenceIsReported) {
  RETORT_REQUIRE_PG();
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    test::AutogenProject p("notgen_" + c.name);
    if (!c.database.empty()) {
      p.exec(c.database);
    }
    p.declare(c.declared);
    const SchemaDiff d = diff_against_declared(p.project());
    EXPECT_THAT(d.changes, IsEmpty()) << d.upgrade_sql;
    EXPECT_THAT(d.not_generated, ElementsAreArray(c.expected));
    EXPECT_FALSE(check(p.project()).in_sync());
  }
}

// A file written for other changes carries the list, where the hand-written
// SQL goes.
TEST(AutogenNotGenerated, TheWrittenMigrationListsThem) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("notgen_file");
  p.declare(std::string(kUsers) + kPercentile +
                                  "CREATE INDEX users_name ON users (name);"
                                  "CREATE TABLE base (a int); CREATE TABLE kid (b int) INHERITS (base);");
  RevisionOptions revision;
  revision.message = "users";
  const AutogenResult r = generate_from_diff(p.project(), revision);
  ASSERT_TRUE(r.script.has_value());
  std::ifstream in(r.script->path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("-- NOT GENERATED: retort writes no SQL for these differences; add it here by "
                                    "hand:\n--   aggregate my_pct(double precision, anyelement): only in the declared schema\n--   "
                                    "inheritance of kid: differs (database: none; declared: 'INHERITS (base)')\n\n"
                                    "CREATE TABLE base ("));
  EXPECT_EQ(r.diff.changes.size(), 3u);
}

// Dropping a table drops its trigger, rule, row level security and
// inheritance. The first three are dropped before it, so that the downgrade
// makes them again (its storage parameters come back with its CREATE
// TABLE); the inheritance is reported.
TEST(AutogenNotGenerated, WhatADroppedTableOwned) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("notgen_drop");
  p.exec(std::string(kTouch) + "CREATE TABLE base (a int);"
         "CREATE TABLE users (id int PRIMARY KEY, name text) INHERITS (base) WITH (fillfactor = 50);"
         "CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"
         "CREATE RULE keep AS ON DELETE TO users DO INSTEAD NOTHING;"
         "ALTER TABLE users ENABLE ROW LEVEL SECURITY;");
  p.declare(std::string(kTouch) + "CREATE TABLE base (a int);");
  const SchemaDiff d = diff_against_declared(p.project());
  EXPECT_THAT(d.not_generated,
              ElementsAreArray({"inheritance of users: goes with its table; the downgrade does not make it again"}));
  ASSERT_EQ(d.changes.size(), 4u) << d.upgrade_sql;
  EXPECT_EQ(d.changes[0].description, "drop row level security on users");
  EXPECT_EQ(d.changes[1].description, "drop rule keep on users");
  EXPECT_EQ(d.changes[2].description, "drop trigger t on users");
  EXPECT_EQ(d.changes[3].description, "drop table users");
  EXPECT_THAT(d.downgrade_sql, HasSubstr(") WITH (fillfactor=50);"));
}

}  // namespace
}  // namespace retort
