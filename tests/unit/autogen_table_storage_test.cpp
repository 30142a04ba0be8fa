// Table persistence and storage parameters, and view options, on catalogs
// built in memory: the SQL, the inverse, the words, and the order PostgreSQL
// needs when tables that reference each other change persistence.

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/diff.hpp"
#include "autogen/model.hpp"
#include "autogen/operations.hpp"
#include "autogen/sql_text.hpp"

namespace retort::autogen {
namespace {

using ::testing::ElementsAre;

// Table `name` with an integer column `id`, referencing `references` (if
// any) through `ref_id`.
Table table(std::string name, bool unlogged, std::vector<std::string> options = {}, std::string references = {}) {
  Table t;
  t.name = {"public", std::move(name)};
  Column id;
  id.name = "id";
  id.type = "integer";
  id.base_type = {"pg_catalog", "int4"};
  t.columns.push_back(id);
  if (!references.empty()) {
    Column ref = id;
    ref.name = "ref_id";
    t.columns.push_back(ref);
    Constraint fk;
    fk.name = t.name.name + "_ref_fkey";
    fk.kind = ConstraintKind::foreign_key;
    fk.definition = "FOREIGN KEY (ref_id) REFERENCES " + references + "(id)";
    fk.columns = {"ref_id"};
    fk.ref_table = {"public", references};
    fk.ref_columns = {"id"};
    t.constraints.push_back(fk);
  }
  t.unlogged = unlogged;
  t.options = std::move(options);
  return t;
}

Catalog catalog(std::vector<Table> tables, std::vector<View> views = {}) {
  Catalog c;
  c.default_schema = "public";
  c.schemas = {"public"};
  c.tables = std::move(tables);
  c.views = std::move(views);
  normalize(c);
  return c;
}

std::vector<std::string> sql(const std::vector<Operation>& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    for (auto& s : statements(op, "public")) {
      out.push_back(std::move(s));
    }
  }
  return out;
}

TEST(AutogenTableStorage, SetsChangesAndResetsParametersAndTheInverseUndoesThem) {
  const auto ops = diff_catalogs(catalog({table("t", false, {"fillfactor=70", "autovacuum_enabled=false"})}),
                                 catalog({table("t", true, {"fillfactor=50", "toast_tuple_target=256"})}));
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(describe(ops[0], "public"),
            "set table t unlogged, fillfactor=50, toast_tuple_target=256, reset autovacuum_enabled");
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TABLE t SET UNLOGGED", "ALTER TABLE t RESET (autovacuum_enabled)",
                          "ALTER TABLE t SET (fillfactor=50, toast_tuple_target=256)"));
  EXPECT_THAT(statements(inverse(ops[0]), "public"),
              ElementsAre("ALTER TABLE t SET LOGGED", "ALTER TABLE t RESET (toast_tuple_target)",
                          "ALTER TABLE t SET (autovacuum_enabled=false, fillfactor=70)"));
  EXPECT_THAT(ops[0].notes, ElementsAre("rewrites table t under an ACCESS EXCLUSIVE lock; an unlogged table is "
                                        "emptied after a crash and not copied to standbys"));
  EXPECT_FALSE(data_loss(ops[0], "public").has_value());
}

TEST(AutogenTableStorage, ParametersAloneDoNotRewrite) {
  const auto ops = diff_catalogs(catalog({table("t", false)}), catalog({table("t", false, {"fillfactor=90"})}));
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_THAT(statements(ops[0], "public"), ElementsAre("ALTER TABLE t SET (fillfactor=90)"));
  EXPECT_TRUE(ops[0].notes.empty());
  EXPECT_THAT(statements(inverse(ops[0]), "public"), ElementsAre("ALTER TABLE t RESET (fillfactor)"));
}

TEST(AutogenTableStorage, CreateTableCarriesThem) {
  const auto ops = diff_catalogs(catalog({}), catalog({table("cache", true, {"fillfactor=70", "toast.autovacuum_enabled=false"})}));
  EXPECT_THAT(sql(ops), ElementsAre("CREATE UNLOGGED TABLE cache (\n    id integer\n) WITH (fillfactor=70, "
                                    "toast.autovacuum_enabled=false)"));
}

TEST(AutogenTableStorage, ToastParametersAreSetAgainOnlyWhenTheColumnsChangeNotTheirOrder) {
  Table before = table("t", false, {"toast.autovacuum_enabled=false"}, "t");
  Table reordered = before;
  std::reverse(reordered.columns.begin(), reordered.columns.end());
  // A column made again comes last: the same columns, nothing to do.
  EXPECT_TRUE(diff_catalogs(catalog({before}), catalog({reordered})).empty());
  Table retyped = before;
  retyped.columns[1].type = "bigint";
  EXPECT_THAT(sql(diff_catalogs(catalog({before}), catalog({retyped}))),
              ::testing::Contains("ALTER TABLE t SET (toast.autovacuum_enabled=false)"));
}

TEST(AutogenTableStorage, OptionValuesAreQuotedWhereNeeded) {
  EXPECT_EQ(option_text("fillfactor=70"), "fillfactor=70");
  EXPECT_EQ(option_text("autovacuum_vacuum_scale_factor=0.05"), "autovacuum_vacuum_scale_factor=0.05");
  EXPECT_EQ(option_text("autovacuum_vacuum_cost_delay=-1"), "autovacuum_vacuum_cost_delay=-1");
  EXPECT_EQ(option_text("check_option=local"), "check_option=local");
  EXPECT_EQ(option_text("odd=a b'c"), "odd='a b''c'");
  EXPECT_EQ(with_options({}), "");
  EXPECT_EQ(with_options({"a=1", "b=x y"}), " WITH (a=1, b='x y')");
}

// a <- b <- c (c references b, b references a).
TEST(AutogenTableStorage, ReferencingTablesBecomeUnloggedFirst) {
  const auto ops = diff_catalogs(catalog({table("a", false), table("b", false, {}, "a"), table("c", false, {}, "b")}),
                                 catalog({table("a", true), table("b", true, {}, "a"), table("c", true, {}, "b")}));
  EXPECT_THAT(sql(ops), ElementsAre("ALTER TABLE c SET UNLOGGED", "ALTER TABLE b SET UNLOGGED",
                                    "ALTER TABLE a SET UNLOGGED"));
}

TEST(AutogenTableStorage, ReferencedTablesBecomeLoggedFirst) {
  const auto ops = diff_catalogs(catalog({table("c", true, {}, "b"), table("b", true, {}, "a"), table("a", true)}),
                                 catalog({table("c", false, {}, "b"), table("b", false, {}, "a"), table("a", false)}));
  EXPECT_THAT(sql(ops), ElementsAre("ALTER TABLE a SET LOGGED", "ALTER TABLE b SET LOGGED",
                                    "ALTER TABLE c SET LOGGED"));
}

TEST(AutogenViewOptions, AViewIsMadeAgainWithThem) {
  View before;
  before.name = {"public", "v"};
  before.definition = " SELECT 1";
  View after = before;
  after.options = {"check_option=local", "security_barrier=true"};
  const auto ops = diff_catalogs(catalog({}, {before}), catalog({}, {after}));
  EXPECT_THAT(sql(ops), ElementsAre("DROP VIEW v", "CREATE VIEW v WITH (check_option=local, security_barrier=true) "
                                                   "AS\n SELECT 1"));
}

}  // namespace
}  // namespace retort::autogen
