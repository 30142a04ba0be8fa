// Which declared-schema statements may run side by side on the shadow
// database (autogen::plan_lanes) and the order batches are handed out in
// (autogen::LaneScheduler). On a real server: tests/pg/autogen_shadow_test.cpp.

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "autogen/shadow_lanes.hpp"

namespace retort::autogen {
namespace {

using Indexes = std::vector<std::uint32_t>;

// The earlier statements each listed statement follows.
void expect_after(const LanePlan& plan, const std::vector<std::pair<std::uint32_t, Indexes>>& expected) {
  for (const auto& [statement, after] : expected) {
    ASSERT_LT(statement, plan.after.size());
    EXPECT_EQ(plan.after[statement], after) << "statement " << statement;
  }
}

LanePlan plan_of(const std::vector<std::string_view>& statements) {
  LanePlan plan = plan_lanes(statements);
  EXPECT_TRUE(plan.parallel) << "statement " << plan.why_not_statement << ": " << plan.why_not;
  return plan;
}

TEST(ShadowLanes, TablesSharingOnlyColumnNamesAreIndependent) {
  const auto plan = plan_of({"CREATE TABLE a (id bigint PRIMARY KEY, name text)",
                             "CREATE TABLE b (id bigint PRIMARY KEY, name text)",
                             "CREATE INDEX ix_b_name ON b (name)", "CREATE INDEX ix_a_name ON a (name)"});
  expect_after(plan, {{0, {}}, {1, {}}, {2, {1}}, {3, {0}}});
}

TEST(ShadowLanes, AReferenceFollowsTheTableAndTwoReferencesToOneTableKeepTheirOrder) {
  const auto plan = plan_of({"CREATE TABLE users (id bigint PRIMARY KEY)",
                             "CREATE TABLE posts (id bigint, author bigint REFERENCES users (id))",
                             "CREATE TABLE likes (id bigint)",
                             "ALTER TABLE likes ADD CONSTRAINT likes_user FOREIGN KEY (id) REFERENCES public.users"});
  expect_after(plan, {{1, {0}}, {2, {}}});
  // Both the table it alters and the table it references (locked by both).
  expect_after(plan, {{3, {1, 2}}});
}

TEST(ShadowLanes, NamesPostgresqlMakesUpFollowTheTableTheyBeginWith) {
  const auto plan = plan_of({
      "CREATE TABLE a (b_id serial)",      // sequence a_b_id_seq
      "CREATE TABLE a_b (id serial)",      // sequence a_b_id_seq too: whichever comes second gets ...seq1
      "CREATE SEQUENCE t_id_seq",          // what table t's serial would be called
      "CREATE TABLE t (id serial)",
      "CREATE TYPE _w AS ENUM ('x')",      // the name of table w's array type
      "CREATE TABLE w (id int)",
      "COMMENT ON INDEX a_pkey IS 'made up by the server'",
  });
  // a_b touched a last (statement 6)
  expect_after(plan, {{1, {0}}, {3, {2}}, {5, {4}}, {6, {1}}});
}

TEST(ShadowLanes, LongNamesSharingTheirFirst28BytesKeepTheirOrder) {
  const auto plan = plan_of({
      "CREATE TABLE customer_subscription_payment_method (id int UNIQUE)",
      "CREATE TABLE customer_subscription_payment_methods (id int UNIQUE)",
      "CREATE TABLE customer_subscription_payment (id int UNIQUE)",  // 29 bytes
      "CREATE TABLE short_name (id int UNIQUE)",
  });
  expect_after(plan, {{1, {0}}, {2, {1}}, {3, {}}});
}

TEST(ShadowLanes, NamesInsideStringsAndBodiesCount) {
  const auto plan = plan_of({
      "CREATE SEQUENCE order_no",
      "CREATE TABLE orders (n bigint DEFAULT nextval('order_no'::regclass))",
      "CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS $body$ SELECT count(*) FROM orders $body$",
      "CREATE VIEW v AS SELECT order_count()",
      "CREATE TABLE other (note text DEFAULT E'it''s \\'x\\'')",
      "COMMENT ON TABLE other IS 'see \"ORDERS\"'",
  });
  // "orders", in the comment, counts too (case ignored) (statement 5)
  expect_after(plan, {{1, {0}}, {2, {1}}, {3, {2}}, {4, {}}, {5, {2, 4}}});
}

TEST(ShadowLanes, CommentsDoNotCountAndQuotedNamesDo) {
  const auto plan = plan_of({
      "CREATE TABLE \"Mixed\" (id int)",
      "CREATE TABLE plain (id int) -- not like mixed\n",
      "/* mixed */ CREATE INDEX ON \"Mixed\" (id)",
  });
  expect_after(plan, {{1, {}}, {2, {0}}});
}

TEST(ShadowLanes, ConstraintNamesAndRenamedNamesAreNamesOfTheSchema) {
  const auto plan = plan_of({
      "CREATE TABLE a (id int CONSTRAINT uq_ident UNIQUE)",
      "CREATE TABLE b (id int)",
      "ALTER TABLE b RENAME TO c",
      "CREATE INDEX uq_ident_extra ON c (id)",  // extends uq_ident
      "COMMENT ON TABLE c IS 'renamed'",
  });
  expect_after(plan, {{2, {1}}, {3, {0, 2}}, {4, {3}}});
}

TEST(ShadowLanes, BarriersWaitForEverythingBeforeAndEverythingAfterWaitsForThem) {
  const auto plan = plan_of({
      "CREATE TABLE a (id int)",
      "CREATE TABLE b (id int)",
      "CREATE EXTENSION IF NOT EXISTS citext",
      "CREATE TABLE c (e citext)",
      "GRANT SELECT ON c TO PUBLIC",
      "CREATE TABLE d (id int)",
  });
  expect_after(plan, {{2, {0, 1}}, {3, {2}}, {4, {2, 3}}, {5, {4}}});
}

TEST(ShadowLanes, SessionSettingsFirstAreAPreambleForEveryConnection) {
  const auto plan = plan_of({
      "SET statement_timeout = 0",
      "SELECT pg_catalog.set_config('search_path', '', false)",
      "SET check_function_bodies = false",
      "CREATE TABLE public.a (id int)",
      "CREATE TABLE public.b (id int)",
  });
  EXPECT_EQ(plan.preamble, 3u);
  expect_after(plan, {{3, {}}, {4, {}}});
}

// pg_dump writes SET default_tablespace = '' between its functions and its
// tables: every connection runs it, after everything before it.
TEST(ShadowLanes, SessionSettingsFurtherDownAreBarriersEveryConnectionRuns) {
  const auto plan = plan_of({
      "SET client_min_messages = warning",
      "CREATE TABLE a (id int)",
      "CREATE TABLE b (id int)",
      "SET default_tablespace = ''",
      "CREATE TABLE c (id int)",
      "CREATE TABLE d (id int)",
  });
  EXPECT_EQ(plan.preamble, 1u);
  EXPECT_EQ(plan.session, (std::vector<bool>{false, false, false, true, false, false}));
  expect_after(plan, {{3, {1, 2}}, {4, {3}}});
  LaneScheduler scheduler(plan);
  EXPECT_EQ(scheduler.take(1), Indexes{1});
  EXPECT_EQ(scheduler.take(8), Indexes{2});  // the setting waits for 1 and 2, and the rest for it
  EXPECT_TRUE(scheduler.take(8).empty());
  scheduler.committed({1});
  EXPECT_TRUE(scheduler.take(8).empty());
  scheduler.committed({2});
  EXPECT_TRUE(scheduler.settings().empty());
  EXPECT_EQ(scheduler.take(8), (Indexes{4, 5}));
  EXPECT_EQ(scheduler.settings(), Indexes{3});
  EXPECT_TRUE(scheduler.finished());
}

TEST(ShadowLanes, WhatCannotRunSideBySideKeepsTheWholeSchemaOnOneConnection) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"INSERT INTO a VALUES (1)", "INSERT"},
      {"DO $$ BEGIN NULL; END $$", "DO"},
      {"DROP TABLE a", "DROP"},
      {"SELECT create_everything()", "SELECT may do anything"},
      {"CREATE TABLE x AS SELECT set_config('search_path', 'app', false)", "set_config()"},
      {"SET LOCAL search_path = app", "SET LOCAL belongs to its transaction"},
      {"ALTER TYPE mood ADD VALUE 'meh'", "ADD VALUE"},
      {"CREATE INDEX CONCURRENTLY ix ON a (id)", "CONCURRENTLY"},
      {"CREATE TEMP TABLE x (id int)", "CREATE TEMP"},
      {"CREATE CAST (text AS int) WITH INOUT", "CREATE CAST"},
      {"CREATE OPERATOR === (function = texteq, leftarg = text, rightarg = text)", "CREATE OPERATOR"},
      {"BEGIN", "BEGIN"},
      {"LOCK TABLE a", "LOCK"},
  };
  for (const auto& [statement, why] : cases) {
    const LanePlan plan = plan_lanes({"CREATE TABLE a (id int)", statement, "CREATE TABLE z (id int)"});
    EXPECT_FALSE(plan.parallel) << statement;
    EXPECT_EQ(plan.why_not_statement, 1u) << statement;
    EXPECT_NE(plan.why_not.find(why), std::string::npos) << statement << ": " << plan.why_not;
  }
  EXPECT_FALSE(plan_lanes({"SET search_path = app"}).parallel);
}

// A function runs while the schema is built only in the query that makes
// rows (CREATE TABLE ... AS, a materialized view with data) or over those
// rows; whatever it does there (objects made with EXECUTE, settings) no
// name shows: such a schema stays on one connection.
TEST(ShadowLanes, AFunctionThatMayRunKeepsTheSchemaOnOneConnection) {
  const std::string_view f = "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'";
  const std::vector<std::vector<std::string_view>> may_run = {
      {f, "CREATE TABLE t AS SELECT f() AS x"},
      {f, "CREATE VIEW v AS SELECT f() AS x", "CREATE MATERIALIZED VIEW m AS SELECT x FROM v"},
      {f, "CREATE TABLE t (x) WITH (fillfactor = 70) AS SELECT 1", "CREATE INDEX ON t ((x + f()))"},
  };
  for (const auto& statements : may_run) {
    const LanePlan plan = plan_lanes(statements);
    EXPECT_FALSE(plan.parallel) << statements.back();
    EXPECT_EQ(plan.why_not_statement, statements.size() - 1) << statements.back();
    EXPECT_NE(plan.why_not.find("a function of the schema may run here"), std::string::npos) << plan.why_not;
  }
  const std::vector<std::vector<std::string_view>> cannot_run = {
      {f, "CREATE TABLE t AS SELECT 1 AS x", "CREATE INDEX ON t (x)"},
      {f, "CREATE TABLE t (x int DEFAULT f())", "CREATE TABLE u (y int CHECK (y > f()))"},
      {f, "CREATE MATERIALIZED VIEW m AS SELECT f() AS x WITH NO DATA", "CREATE TABLE u AS SELECT 1 WITH NO DATA"},
      {f, "CREATE VIEW v AS SELECT f() AS x", "CREATE TABLE t AS SELECT 2 AS y"},
  };
  for (const auto& statements : cannot_run) {
    const LanePlan plan = plan_lanes(statements);
    EXPECT_TRUE(plan.parallel) << statements.back() << ": " << plan.why_not;
  }
}

// Two connections taking turns: every batch holds statements whose earlier
// statements are committed or earlier in the batch, and all of them once.
TEST(ShadowLanes, TheSchedulerHandsOutEachStatementOnceAfterWhatItFollows) {
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) {
    const std::string t = "t" + std::to_string(i);
    const std::string parent = "t" + std::to_string(i % 7);
    texts.push_back("CREATE TABLE " + t + " (id int PRIMARY KEY, p int REFERENCES " + parent + ")");
    texts.push_back("CREATE INDEX ix_" + t + " ON " + t + " (p)");
  }
  std::vector<std::string_view> statements(texts.begin(), texts.end());
  const LanePlan plan = plan_of(statements);
  LaneScheduler scheduler(plan);
  std::set<std::uint32_t> committed;
  std::vector<std::uint32_t> in_flight;
  std::size_t batches = 0;
  while (!scheduler.finished() || !in_flight.empty()) {
    auto batch = scheduler.take(8, 64);
    if (batch.empty()) {
      ASSERT_FALSE(in_flight.empty()) << "nothing ready and nothing in flight";
    }
    for (std::size_t k = 0; k < batch.size(); ++k) {
      for (const std::uint32_t d : plan.after[batch[k]]) {
        const bool earlier_in_batch = std::find(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(k), d) !=
                                      batch.begin() + static_cast<std::ptrdiff_t>(k);
        EXPECT_TRUE(committed.count(d) == 1 || earlier_in_batch) << batch[k] << " before " << d;
      }
      EXPECT_TRUE(committed.count(batch[k]) == 0) << batch[k] << " handed out twice";
    }
    // The other connection's batch, taken before this one, commits first.
    scheduler.committed(in_flight);
    committed.insert(in_flight.begin(), in_flight.end());
    in_flight = std::move(batch);
    ++batches;
  }
  EXPECT_EQ(committed.size(), statements.size());
  EXPECT_LT(batches, statements.size() / 4);  // batches, not one statement at a time
}

TEST(ShadowLanes, TheSchedulerWaitsForABatchInFlight) {
  const LanePlan plan = plan_of({"CREATE TABLE a (id int)", "CREATE INDEX ix_a ON a (id)", "CREATE TABLE b (id int)",
                                 "COMMENT ON TABLE b IS 'b'"});
  LaneScheduler scheduler(plan);
  EXPECT_EQ(scheduler.take(1), Indexes{0});
  EXPECT_EQ(scheduler.take(8), (Indexes{2, 3}));  // 1 waits for 0, in the other batch
  EXPECT_TRUE(scheduler.take(8).empty());
  EXPECT_FALSE(scheduler.finished());
  scheduler.committed({0});
  EXPECT_EQ(scheduler.take(8), Indexes{1});
  EXPECT_TRUE(scheduler.finished());
}

}  // namespace
}  // namespace retort::autogen
