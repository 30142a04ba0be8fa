// not_generated(): the objects autogenerate reads but writes no SQL for
// (functions, triggers, options, ...), compared on catalogs built in memory.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/diff.hpp"
#include "autogen/model.hpp"

namespace retort::autogen {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

OtherObject function(std::string name, std::string definition) {
  return {"function", {"public", std::move(name)}, {}, std::move(definition)};
}

OtherObject trigger(std::string name, std::string table, std::string definition) {
  return {"trigger", {"public", std::move(name)}, {"public", std::move(table)}, std::move(definition)};
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
  const auto a = catalog({function("f(integer)", "CREATE FUNCTION f ..."), trigger("t", "users", "CREATE TRIGGER t")},
                         {"users"});
  EXPECT_THAT(not_generated(a, a), IsEmpty());
}

TEST(AutogenNotGenerated, AddedRemovedAndChangedObjects) {
  const auto live = catalog({function("gone()", "CREATE FUNCTION gone() ..."), function("f(integer)", "v1\nbody"),
                             trigger("t", "users", "CREATE TRIGGER t BEFORE UPDATE")},
                            {"users"});
  const auto declared = catalog({function("f(integer)", "v2\nbody"), function("g(text)", "CREATE FUNCTION g"),
                                 trigger("t", "users", "CREATE TRIGGER t AFTER UPDATE")},
                                {"users"});
  EXPECT_THAT(not_generated(live, declared),
              ElementsAre("function f(integer): differs", "function g(text): only in the declared schema",
                          "trigger t on users: differs (database: 'CREATE TRIGGER t BEFORE UPDATE'; declared: "
                          "'CREATE TRIGGER t AFTER UPDATE')",
                          "function gone(): only in the database"));
}

TEST(AutogenNotGenerated, OtherSchemasAreNamedWithTheirSchema) {
  const auto declared = catalog({{"procedure", {"app", "noop()"}, {}, "CREATE PROCEDURE app.noop() ..."},
                                 {"trigger", {"app", "t"}, {"app", "items"}, "CREATE TRIGGER t ..."}});
  EXPECT_THAT(not_generated(catalog({}), declared),
              ElementsAre("procedure app.noop(): only in the declared schema",
                          "trigger t on app.items: only in the declared schema"));
}

// Options exist as rows only where a table has some: a missing row is
// "none", for new tables too (CREATE TABLE would not make them UNLOGGED).
TEST(AutogenNotGenerated, MissingOptionsAreNone) {
  const auto live = catalog({table_options("cache", "UNLOGGED")}, {"cache", "users"});
  const auto declared = catalog({table_options("users", "ROW LEVEL SECURITY"), table_options("fresh", "WITH (fillfactor=70)")},
                                {"cache", "users", "fresh"});
  EXPECT_THAT(not_generated(live, declared),
              ElementsAre("table options of fresh: differs (database: none; declared: 'WITH (fillfactor=70)')",
                          "table options of users: differs (database: none; declared: 'ROW LEVEL SECURITY')",
                          "table options of cache: differs (database: 'UNLOGGED'; declared: none)"));
}

// Dropping a table drops its triggers, policies, rules and options: the
// generated DROP TABLE covers them.
TEST(AutogenNotGenerated, WhatADroppedTableOwnedIsNotReported) {
  const auto live = catalog({trigger("t", "old", "CREATE TRIGGER t ..."), table_options("old", "UNLOGGED"),
                             trigger("u", "kept", "CREATE TRIGGER u ...")},
                            {"old", "kept"});
  const auto declared = catalog({}, {"kept"});
  EXPECT_THAT(not_generated(live, declared), ElementsAre("trigger u on kept: only in the database"));
}

TEST(AutogenNotGenerated, LongOrMultiLineDefinitionsAreNotQuoted) {
  const std::string long_text(101, 'x');
  const auto live = catalog({{"composite type", {"public", "pair"}, {}, long_text}});
  const auto declared = catalog({{"composite type", {"public", "pair"}, {}, "a integer"}});
  EXPECT_THAT(not_generated(live, declared), ElementsAre("composite type pair: differs"));
}

// Objects read from the database for an excluded table go with the table.
TEST(AutogenNotGenerated, FilterDropsWhatBelongsToExcludedTables) {
  Catalog c = catalog({trigger("t", "audit_log", "CREATE TRIGGER t ..."), trigger("u", "users", "CREATE TRIGGER u ..."),
                       {"partitioned table", {"public", "audit_2026"}, {}, "PARTITION BY ..."},
                       {"function", {"public", "audit_fn()"}, {}, "CREATE FUNCTION ..."}},
                      {"audit_log", "users", "alembic_version"});
  c.others.push_back(trigger("v", "alembic_version", "CREATE TRIGGER v ..."));
  normalize(c);
  filter_catalog(c, "alembic_version", "", {"audit_*"});
  ASSERT_EQ(c.others.size(), 2u);
  EXPECT_EQ(c.others[0].kind, "function");  // functions are not tables: exclude_tables leaves them
  EXPECT_EQ(c.others[1].name.name, "u");
}

TEST(AutogenNotGenerated, DumpListsThem) {
  const auto c = catalog({trigger("t", "users", "CREATE TRIGGER t ..."), table_options("users", "UNLOGGED")},
                         {"users"});
  const std::string text = dump(c);
  EXPECT_NE(text.find("not generated: table options public.users: UNLOGGED\n"), std::string::npos) << text;
  EXPECT_NE(text.find("not generated: trigger public.t on public.users: CREATE TRIGGER t ...\n"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace retort::autogen
