// not_generated(): the objects autogenerate reads but writes no SQL for
// (materialized views, rules, options, ...), compared on catalogs built
// in memory; and which kinds it does generate (functions, procedures,
// triggers on tables).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/diff.hpp"
#include "autogen/model.hpp"
#include "autogen/other_objects.hpp"

namespace retort::autogen {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

OtherObject matview(std::string name, std::string definition) {
  return {"materialized view", {"public", std::move(name)}, {}, std::move(definition)};
}

OtherObject rule(std::string name, std::string table, std::string definition) {
  return {"rule", {"public", std::move(name)}, {"public", std::move(table)}, std::move(definition)};
}

OtherObject table_options(std::string table, std::string definition) {
  return {"table options", {"public", table}, {"public", table}, std::move(definition)};
}

Catalog catalog(std::vector<OtherObject> others, std::vector<std::string> tables = {}) {
  Catalog c;
  c.default_schema = "public";
  for (auto& t : tables) {
    Table table;
    table.name = {"public", t};
    c.tables.push_back(table);
  }
  c.others = std::move(others);
  normalize(c);
  return c;
}

TEST(AutogenNotGenerated, EqualObjectsAreNotReported) {
  const auto a = catalog({matview("m", "SELECT 1"), rule("p", "users", "PERMISSIVE FOR ALL")},
                         {"users"});
  EXPECT_THAT(not_generated(a, a), IsEmpty());
}

TEST(AutogenNotGenerated, AddedRemovedAndChangedObjects) {
  const auto live = catalog({matview("gone", "SELECT 0"), matview("m", "SELECT 1\nFROM a"),
                             rule("p", "users", "PERMISSIVE FOR ALL")},
                            {"users"});
  const auto declared = catalog({matview("m", "SELECT 2\nFROM a"), matview("fresh", "SELECT 3"),
                                 rule("p", "users", "RESTRICTIVE FOR ALL")},
                                {"users"});
  EXPECT_THAT(not_generated(live, declared),
              ElementsAre("materialized view fresh: only in the declared schema", "materialized view m: differs",
                          "rule p on users: differs (database: 'PERMISSIVE FOR ALL'; declared: "
                          "'RESTRICTIVE FOR ALL')",
                          "materialized view gone: only in the database"));
}

TEST(AutogenNotGenerated, OtherSchemasAreNamedWithTheirSchema) {
  const auto declared = catalog({{"rule", {"app", "r"}, {"app", "items"}, "CREATE RULE r ..."},
                                 {"range type", {"app", "span"}, {}, "SUBTYPE integer"}});
  EXPECT_THAT(not_generated(catalog({}), declared),
              ElementsAre("range type app.span: only in the declared schema",
                          "rule r on app.items: only in the declared schema"));
}

// Options exist as rows only where a table has some: a missing row is
// "none", for new tables too (CREATE TABLE would not make them UNLOGGED).
TEST(AutogenNotGenerated, MissingOptionsAreNone) {
  const auto live = catalog({table_options("cache", "UNLOGGED")}, {"cache", "users"});
  const auto declared = catalog({table_options("users", "INHERITS (base)"), table_options("fresh", "WITH (fillfactor=70)")},
                                {"cache", "users", "fresh"});
  EXPECT_THAT(not_generated(live, declared),
              ElementsAre("table options of fresh: differs (database: none; declared: 'WITH (fillfactor=70)')",
                          "table options of users: differs (database: none; declared: 'INHERITS (base)')",
                          "table options of cache: differs (database: 'UNLOGGED'; declared: none)"));
}

// Dropping a table drops its policies, rules and options with it, but the
// downgrade's CREATE TABLE does not make them again: reported as such.
TEST(AutogenNotGenerated, WhatADroppedTableOwnedIsReportedForTheDowngrade) {
  const auto live = catalog({rule("p", "old", "PERMISSIVE"), table_options("old", "UNLOGGED"),
                             rule("q", "kept", "PERMISSIVE")},
                            {"old", "kept"});
  const auto declared = catalog({}, {"kept"});
  EXPECT_THAT(not_generated(live, declared),
              ElementsAre("rule q on kept: only in the database",
                          "rule p on old: goes with its table; the downgrade does not make it again",
                          "table options of old: goes with its table; the downgrade does not make it again"));
}

TEST(AutogenNotGenerated, LongOrMultiLineDefinitionsAreNotQuoted) {
  const std::string long_text(101, 'x');
  const auto live = catalog({{"range type", {"public", "span"}, {}, long_text}});
  const auto declared = catalog({{"range type", {"public", "span"}, {}, "SUBTYPE integer"}});
  EXPECT_THAT(not_generated(live, declared), ElementsAre("range type span: differs"));
}

// Objects read from the database for an excluded table go with the table.
TEST(AutogenNotGenerated, FilterDropsWhatBelongsToExcludedTables) {
  Catalog c = catalog({rule("t", "audit_log", "PERMISSIVE"), rule("u", "users", "PERMISSIVE"),
                       {"partitioned table", {"public", "audit_2026"}, {}, "PARTITION BY ..."},
                       {"function", {"public", "audit_fn()"}, {}, "CREATE FUNCTION ..."}},
                      {"audit_log", "users", "alembic_version"});
  c.others.push_back(rule("v", "alembic_version", "PERMISSIVE"));
  normalize(c);
  filter_catalog(c, "alembic_version", "", {"audit_*"});
  ASSERT_EQ(c.others.size(), 2u);
  EXPECT_EQ(c.others[0].kind, "function");  // functions are not tables: exclude_tables leaves them
  EXPECT_EQ(c.others[1].name.name, "u");
}

TEST(AutogenNotGenerated, DumpListsThem) {
  const auto c = catalog({rule("p", "users", "PERMISSIVE"), table_options("users", "UNLOGGED")},
                         {"users"});
  const std::string text = dump(c);
  EXPECT_NE(text.find("\ntable options public.users: UNLOGGED\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nrule public.p on public.users: PERMISSIVE\n"), std::string::npos) << text;
}

// Functions, procedures, composite types, and triggers, policies and row
// level security of tables get SQL; those of anything else (a view, a partitioned table) are
// only reported.
TEST(AutogenNotGenerated, GeneratedKinds) {
  const auto c = catalog({}, {"users"});
  EXPECT_TRUE(generated_kind({"function", {"public", "f()"}, {}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"procedure", {"public", "p()"}, {}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"trigger", {"public", "t"}, {"public", "users"}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"policy", {"public", "p"}, {"public", "users"}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"row security", {"public", "users"}, {"public", "users"}, ""}, c, c));
  EXPECT_FALSE(generated_kind({"policy", {"public", "p"}, {"public", "events"}, ""}, c, c));
  EXPECT_FALSE(generated_kind({"table options", {"public", "users"}, {"public", "users"}, ""}, c, c));
  EXPECT_FALSE(generated_kind({"trigger", {"public", "t"}, {"public", "events"}, ""}, c, c));
  EXPECT_FALSE(generated_kind({"aggregate", {"public", "a(integer)"}, {}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"composite type", {"public", "pair"}, {}, ""}, c, c));
  EXPECT_FALSE(generated_kind({"range type", {"public", "span"}, {}, ""}, c, c));
  Catalog live = catalog({{"trigger", {"public", "t"}, {"public", "v"}, "CREATE TRIGGER t INSTEAD OF ..."}});
  Catalog declared = catalog({});
  View v;
  v.name = {"public", "v"};
  v.definition = "SELECT 1";
  live.views.push_back(v);
  declared.views = live.views;
  EXPECT_THAT(not_generated(live, declared), ElementsAre("trigger t on v: only in the database"));
}

}  // namespace
}  // namespace retort::autogen
