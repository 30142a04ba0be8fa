// not_generated(): the objects autogenerate reads but writes no SQL for
// (ordered-set aggregates, inheritance, triggers of foreign tables, ...), compared
// on catalogs built in memory; and which kinds it does generate (functions,
// procedures, types, and triggers, policies and rules on tables).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/diff.hpp"
#include "autogen/model.hpp"
#include "autogen/other_objects.hpp"

namespace retort::autogen {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// An ordered-set aggregate: read, not generated.
OtherObject aggregate(std::string name, std::string definition) {
  return {"aggregate", {"public", std::move(name)}, {}, "ordered-set aggregate (kind o)\n" + definition};
}

OtherObject rule(std::string name, std::string table, std::string definition) {
  return {"rule", {"public", std::move(name)}, {"public", std::move(table)}, std::move(definition)};
}

OtherObject trigger(std::string name, std::string table, std::string definition) {
  return {"trigger", {"public", std::move(name)}, {"public", std::move(table)}, std::move(definition)};
}

OtherObject inheritance(std::string table, std::string definition) {
  return {"inheritance", {"public", table}, {"public", table}, std::move(definition)};
}

OtherObject foreign_table(std::string name) {
  return {"foreign table", {"public", std::move(name)}, {}, "id integer\nSERVER remote"};
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
  const auto a = catalog({aggregate("total(integer)", "SFUNC = int4pl"), foreign_table("events"),
                          trigger("t", "events", "CREATE TRIGGER t ...")},
                         {"users"});
  EXPECT_THAT(not_generated(a, a), IsEmpty());
}

TEST(AutogenNotGenerated, AddedRemovedAndChangedObjects) {
  const auto live = catalog({aggregate("gone(integer)", "SFUNC = int4pl"), aggregate("m(integer)", "SFUNC = a\nb"),
                             foreign_table("events"), trigger("p", "events", "BEFORE INSERT")},
                            {"users"});
  const auto declared = catalog({aggregate("m(integer)", "SFUNC = c\nd"), aggregate("fresh(integer)", "SFUNC = int4pl"),
                                 foreign_table("events"), trigger("p", "events", "AFTER INSERT")},
                                {"users"});
  EXPECT_THAT(not_generated(live, declared),
              ElementsAre("aggregate fresh(integer): only in the declared schema", "aggregate m(integer): differs",
                          "trigger p on events: differs (database: 'BEFORE INSERT'; declared: 'AFTER INSERT')",
                          "aggregate gone(integer): only in the database"));
}

TEST(AutogenNotGenerated, OtherSchemasAreNamedWithTheirSchema) {
  const auto declared = catalog({{"trigger", {"app", "r"}, {"app", "items"}, "CREATE TRIGGER r ..."},
                                 {"aggregate", {"app", "total(integer)"}, {}, "ordered-set aggregate (kind o)"}});
  EXPECT_THAT(not_generated(catalog({}), declared),
              ElementsAre("aggregate app.total(integer): only in the declared schema",
                          "trigger r on app.items: only in the declared schema"));
}

// Inheritance exists as a row only where a table inherits: a missing row is
// "none", for new tables too (CREATE TABLE would not make them inherit).
TEST(AutogenNotGenerated, MissingInheritanceIsNone) {
  const auto live = catalog({inheritance("cache", "INHERITS (base)")}, {"cache", "users"});
  const auto declared = catalog({inheritance("users", "INHERITS (base)"), inheritance("fresh", "INHERITS (base, more)")},
                                {"cache", "users", "fresh"});
  EXPECT_THAT(not_generated(live, declared),
              ElementsAre("inheritance of fresh: differs (database: none; declared: 'INHERITS (base, more)')",
                          "inheritance of users: differs (database: none; declared: 'INHERITS (base)')",
                          "inheritance of cache: differs (database: 'INHERITS (base)'; declared: none)"));
}

// Dropping a table drops its inheritance with it, but the downgrade's
// CREATE TABLE does not make it again: reported as such. Its rules are
// generated (dropped before it, made again after it in the downgrade). A
// trigger removed from a foreign table that stays is only removed.
TEST(AutogenNotGenerated, WhatADroppedTableOwnedIsReportedForTheDowngrade) {
  const auto live = catalog({rule("p", "old", "CREATE RULE p ..."), inheritance("old", "INHERITS (base)"),
                             foreign_table("events"), trigger("q", "events", "CREATE TRIGGER q ...")},
                            {"old", "kept"});
  const auto declared = catalog({foreign_table("events")}, {"kept"});
  EXPECT_THAT(not_generated(live, declared),
              ElementsAre("inheritance of old: goes with its table; the downgrade does not make it again",
                          "trigger q on events: only in the database"));
}

TEST(AutogenNotGenerated, LongOrMultiLineDefinitionsAreNotQuoted) {
  const std::string long_text(101, 'x');
  const auto live = catalog({{"aggregate", {"public", "total(integer)"}, {}, "ordered-set " + long_text}});
  const auto declared = catalog({{"aggregate", {"public", "total(integer)"}, {}, "ordered-set"}});
  EXPECT_THAT(not_generated(live, declared), ElementsAre("aggregate total(integer): differs"));
}

// Objects read from the database for an excluded table go with the table.
TEST(AutogenNotGenerated, FilterDropsWhatBelongsToExcludedTables) {
  Catalog c = catalog({rule("t", "audit_log", "PERMISSIVE"), rule("u", "users", "PERMISSIVE"),
                       {"foreign table", {"public", "audit_2026"}, {}, "SERVER remote"},
                       {"function", {"public", "audit_fn()"}, {}, "CREATE FUNCTION ..."}},
                      {"audit_log", "users", "alembic_version"});
  c.others.push_back(rule("v", "alembic_version", "PERMISSIVE"));
  normalize(c);
  filter_catalog(c, "alembic_version", "", {"audit_*"});
  ASSERT_EQ(c.others.size(), 2u);
  EXPECT_EQ(c.others[0].kind, "function");  // functions are not tables: exclude_tables leaves them
  EXPECT_EQ(c.others[1].name.name, "u");
}

// A partition of an excluded table is left out with it, down to
// sub-partitions; partitions of a table that stays are kept.
TEST(AutogenNotGenerated, FilterDropsThePartitionsOfExcludedTables) {
  Catalog c = catalog({}, {"audit", "p_2026", "p_2026_q1", "events", "events_2026"});
  const auto part_of = [&](const std::string& name, const std::string& parent) {
    for (auto& t : c.tables) {
      if (t.name.name == name) {
        t.partition_of = {"public", parent};
        t.partition_bound = "DEFAULT";
      }
    }
  };
  part_of("p_2026", "audit");
  part_of("p_2026_q1", "p_2026");
  part_of("events_2026", "events");
  filter_catalog(c, "alembic_version", "", {"audit"});
  std::vector<std::string> kept;
  for (const auto& t : c.tables) {
    kept.push_back(t.name.name);
  }
  EXPECT_THAT(kept, ElementsAre("events", "events_2026"));
}

TEST(AutogenNotGenerated, DumpListsThem) {
  const auto c = catalog({rule("p", "users", "CREATE RULE p ..."), inheritance("users", "INHERITS (base)")},
                         {"users"});
  const std::string text = dump(c);
  EXPECT_NE(text.find("\ninheritance public.users: INHERITS (base)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nrule public.p on public.users: CREATE RULE p ...\n"), std::string::npos) << text;
}

// Functions, procedures, aggregates (not ordered-set ones), composite and
// range types, triggers, policies,
// rules and row level security of tables, and triggers and rules of views
// get SQL; those of anything else (a foreign table) are only reported.
TEST(AutogenNotGenerated, GeneratedKinds) {
  const auto c = catalog({}, {"users"});
  EXPECT_TRUE(generated_kind({"function", {"public", "f()"}, {}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"procedure", {"public", "p()"}, {}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"trigger", {"public", "t"}, {"public", "users"}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"policy", {"public", "p"}, {"public", "users"}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"rule", {"public", "r"}, {"public", "users"}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"row security", {"public", "users"}, {"public", "users"}, ""}, c, c));
  EXPECT_FALSE(generated_kind({"policy", {"public", "p"}, {"public", "events"}, ""}, c, c));
  EXPECT_FALSE(generated_kind({"rule", {"public", "r"}, {"public", "events"}, ""}, c, c));
  EXPECT_FALSE(generated_kind({"inheritance", {"public", "users"}, {"public", "users"}, ""}, c, c));
  EXPECT_FALSE(generated_kind({"trigger", {"public", "t"}, {"public", "events"}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"aggregate", {"public", "a(integer)"}, {}, "RETURNS integer\nSFUNC = int4pl"}, c, c));
  EXPECT_FALSE(generated_kind({"aggregate", {"public", "a(integer)"}, {}, "ordered-set aggregate (kind o)\n"}, c, c));
  EXPECT_TRUE(generated_kind({"composite type", {"public", "pair"}, {}, ""}, c, c));
  EXPECT_TRUE(generated_kind({"range type", {"public", "span"}, {}, ""}, c, c));
  // Triggers and rules of a view are generated; of a materialized view
  // (which PostgreSQL does not allow anyway) they are not.
  Catalog with_views = catalog({});
  View v;
  v.name = {"public", "v"};
  v.definition = "SELECT 1";
  with_views.views.push_back(v);
  v.name = {"public", "m"};
  v.materialized = true;
  with_views.views.push_back(v);
  EXPECT_TRUE(generated_kind({"trigger", {"public", "t"}, {"public", "v"}, ""}, with_views, c));
  EXPECT_TRUE(generated_kind({"rule", {"public", "r"}, {"public", "v"}, ""}, c, with_views));
  EXPECT_FALSE(generated_kind({"policy", {"public", "p"}, {"public", "v"}, ""}, with_views, with_views));
  EXPECT_FALSE(generated_kind({"trigger", {"public", "t"}, {"public", "m"}, ""}, with_views, with_views));
}

}  // namespace
}  // namespace retort::autogen
