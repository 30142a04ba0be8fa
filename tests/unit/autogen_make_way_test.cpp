// What makes way around a change, on catalogs built in memory: views,
// triggers, policies, foreign keys and generated columns that are dropped
// before a column or type changes and made again after it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/diff.hpp"
#include "autogen/model.hpp"
#include "autogen/operations.hpp"
#include "support/autogen_catalog.hpp"

namespace retort::autogen {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using test::catalog;
using test::col;
using test::descriptions;
using test::fk;
using test::pk;
using test::users;

TEST(AutogenDiff, ViewsAreRebuiltAroundColumnChanges) {
  Table a = users();
  Table b = users();
  b.columns[1].type = "character varying(100)";
  View v;
  v.name = {"public", "emails"};
  v.definition = " SELECT users.email\n   FROM users";
  v.depends_on = {{"public", "users"}};
  v.columns_read = {{{"public", "users"}, "email"}};
  View w;
  w.name = {"public", "emails2"};
  w.definition = " SELECT emails.email\n   FROM emails";
  w.depends_on = {{"public", "emails"}};
  w.columns_read = {{{"public", "emails"}, "email"}};
  // Reads users, but not email (ids, and a whole-row reference, which
  // PostgreSQL lets the column change under): it stays.
  View ids;
  ids.name = {"public", "ids"};
  ids.definition = " SELECT users.id, row_to_json(users.*) AS j\n   FROM users";
  ids.depends_on = {{"public", "users"}};
  ids.columns_read = {{{"public", "users"}, "id"}};
  Catalog from = catalog({a});
  from.views = {v, w, ids};
  Catalog to = catalog({b});
  to.views = {v, w, ids};
  EXPECT_THAT(descriptions(diff_catalogs(from, to)),
              ElementsAre("drop view emails2", "drop view emails",
                          "alter column users.email (text -> character varying(100))", "add view emails",
                          "add view emails2"));
  // Only a comment: no rebuild.
  to.tables = {a};
  to.views[0].comment = "mail";
  EXPECT_THAT(descriptions(diff_catalogs(from, to)), ElementsAre("set comment on view emails"));
}

// PostgreSQL retypes no column that a trigger's WHEN or UPDATE OF or a
// policy's expression names; the others stay where they are.
TEST(AutogenDiff, TriggersAndPoliciesMakeWayOnlyForTheColumnsTheyHold) {
  Table a = users();
  Table b = users();
  b.columns[1].type = "character varying(100)";
  const auto on_users = [](std::string kind, std::string name, std::string definition) {
    return OtherObject{std::move(kind), {"public", std::move(name)}, {"public", "users"}, std::move(definition)};
  };
  const std::string trigger = "CREATE TRIGGER t BEFORE UPDATE ON public.users FOR EACH ROW ";
  Catalog from = catalog({a});
  from.others = {
      on_users("trigger", "plain", trigger + "EXECUTE FUNCTION touch()"),
      on_users("trigger", "on_email", trigger + "WHEN ((old.email IS DISTINCT FROM new.email)) EXECUTE FUNCTION touch()"),
      on_users("trigger", "whole_row", trigger + "WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION touch()"),
      on_users("policy", "by_id", "PERMISSIVE FOR ALL TO PUBLIC USING ((id > 0))"),
      on_users("policy", "by_email", "PERMISSIVE FOR ALL TO PUBLIC USING ((email <> ''::text))"),
      on_users("policy", "by_row", "PERMISSIVE FOR ALL TO PUBLIC USING ((users.* IS NOT NULL))"),
      on_users("rule", "keep", "CREATE RULE keep AS ON DELETE TO public.users DO INSTEAD NOTHING;"),
  };
  Catalog to = catalog({b});
  to.others = from.others;
  const auto ops = descriptions(diff_catalogs(from, to));
  for (const char* remade : {"trigger on_email on users", "trigger whole_row on users", "policy by_email on users",
                             "policy by_row on users", "rule keep on users"}) {
    EXPECT_THAT(ops, Contains(std::string("drop ") + remade));
    EXPECT_THAT(ops, Contains(std::string("add ") + remade));
  }
  for (const char* kept : {"trigger plain on users", "policy by_id on users"}) {
    EXPECT_THAT(ops, Not(Contains(HasSubstr(kept))));
  }
  // Only id retyped: what names email stays.
  b = users();
  b.columns[0].type = "integer";
  to.tables = {b};
  const auto id_ops = descriptions(diff_catalogs(from, to));
  EXPECT_THAT(id_ops, Contains("drop policy by_id on users"));
  for (const char* kept : {"trigger plain on users", "trigger on_email on users", "policy by_email on users"}) {
    EXPECT_THAT(id_ops, Not(Contains(HasSubstr(kept))));
  }
}

TEST(AutogenDiff, KeyChangesRebuildForeignKeysReferencingThem) {
  Table u = users();
  Table posts;
  posts.name = {"public", "posts"};
  posts.columns = {col("user_id", "bigint")};
  posts.constraints = {fk("posts_user_id_fkey", "user_id", "users", "id")};
  Table u2 = u;
  u2.constraints[0].definition = "PRIMARY KEY (id, email)";
  const auto ops = diff_catalogs(catalog({u, posts}), catalog({u2, posts}));
  EXPECT_THAT(descriptions(ops),
              ElementsAre("drop foreign key posts_user_id_fkey on posts", "drop primary key users_pkey on users",
                          "add primary key users_pkey on users", "add foreign key posts_user_id_fkey on posts"));
}

TEST(AutogenDiff, ForeignKeysOverRetypedColumnsAreDroppedWhileTheyChange) {
  Table u = users();
  u.columns[0] = col("id", "integer", false);
  Table posts;
  posts.name = {"public", "posts"};
  posts.columns = {col("user_id", "integer"), col("n", "integer")};
  posts.constraints = {fk("posts_user_id_fkey", "user_id", "users", "id")};
  for (const bool referenced : {true, false}) {
    Table u2 = u;
    Table posts2 = posts;
    (referenced ? u2.columns[0] : posts2.columns[0]) = col(referenced ? "id" : "user_id", "bigint", !referenced);
    const auto ops = diff_catalogs(catalog({u, posts}), catalog({u2, posts2}));
    EXPECT_THAT(descriptions(ops), Contains("drop foreign key posts_user_id_fkey on posts"));
    EXPECT_THAT(descriptions(ops), Contains("add foreign key posts_user_id_fkey on posts"));
    EXPECT_THAT(ops.front().notes, ElementsAre("dropped while its columns change type; added again below"));
  }
  // Another column of the table changing type leaves the key alone.
  Table posts2 = posts;
  posts2.columns[1] = col("n", "bigint");
  EXPECT_THAT(descriptions(diff_catalogs(catalog({u, posts}), catalog({u, posts2}))),
              ElementsAre("alter column posts.n (integer -> bigint)"));
}

TEST(AutogenDiff, EnumReplacementRebuildsConstraintsAndViewsNamingIt) {
  Catalog a = catalog();
  a.enums = {{{"public", "mood"}, {"a", "b"}}};
  Table t;
  t.name = {"public", "t"};
  t.columns = {col("x", "integer")};
  Constraint check;
  check.name = "x_check";
  check.definition = "CHECK ((('a'::mood)::text <> ''::text))";
  Constraint unrelated;
  unrelated.name = "x_other";
  unrelated.definition = "CHECK ((x <> 0)) -- ::moody";
  t.constraints = {check, unrelated};
  Index ix;
  ix.name = "ix_t";
  ix.method = "btree";
  ix.body = "(x) WHERE ('b'::mood IS NOT NULL)";
  t.indexes = {ix};
  a.tables = {t};
  View v;
  v.name = {"public", "v"};
  v.definition = "SELECT 'a'::mood AS m";
  a.views = {v};
  Catalog b = a;
  b.enums[0].values = {"b", "a"};
  const auto ops = diff_catalogs(a, b);
  ASSERT_THAT(descriptions(ops), ElementsAre("drop view v", "change enum mood values to ('b', 'a')", "add view v"));
  EXPECT_THAT(statements(ops[1], "public"),
              ElementsAre("ALTER TABLE t DROP CONSTRAINT x_check", "DROP INDEX ix_t",
                          "ALTER TYPE mood RENAME TO mood__old", "CREATE TYPE mood AS ENUM ('b', 'a')",
                          "ALTER TABLE t ADD CONSTRAINT x_check CHECK ((('a'::mood)::text <> ''::text))",
                          "CREATE INDEX ix_t ON t (x) WHERE ('b'::mood IS NOT NULL)", "DROP TYPE mood__old"));
  // Adding a value leaves them alone; its inverse (a replacement) rebuilds them.
  b.enums[0].values = {"a", "b", "c"};
  const auto added = diff_catalogs(a, b);
  ASSERT_THAT(descriptions(added), ElementsAre("drop view v", "add value 'c' to enum mood", "add view v"));
  EXPECT_THAT(statements(added[1], "public"), ElementsAre("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'c' AFTER 'b'"));
  EXPECT_THAT(statements(inverse(added[1]), "public"), Contains("ALTER TABLE t DROP CONSTRAINT x_check"));
}

TEST(AutogenDiff, GeneratedColumnsAreAddedAgainAroundTypeChangesTheyRead) {
  Table a;
  a.name = {"public", "t"};
  a.columns = {col("a", "integer"), col("b", "bigint"), col("c", "integer")};
  a.columns[1].generated = "(a * 2)";
  Index ix;
  ix.name = "ix_b";
  ix.method = "btree";
  ix.body = "(b)";
  ix.columns = {"b"};
  Index other;
  other.name = "ix_c";
  other.method = "btree";
  other.body = "(c)";
  other.columns = {"c"};
  a.indexes = {ix, other};
  Table b = a;
  b.columns[0].type = "bigint";
  const auto ops = diff_catalogs(catalog({a}), catalog({b}));
  EXPECT_THAT(descriptions(ops), ElementsAre("drop index ix_b on t", "drop column t.b", "alter column t.a (integer -> bigint)",
                                             "add column t.b", "add index ix_b on t"));
  EXPECT_FALSE(data_loss(ops[1], "public"));
  // A new generation expression: the same, after any type change.
  b = a;
  b.columns[1].generated = "(a * 3)";
  b.columns[2].type = "bigint";
  EXPECT_THAT(descriptions(diff_catalogs(catalog({a}), catalog({b}))),
              ElementsAre("drop index ix_b on t", "drop column t.b", "alter column t.c (integer -> bigint)",
                          "add column t.b", "add index ix_b on t"));
}

// CREATE INDEX on a partitioned table takes over a partition's matching
// index: the partitions' own indexes it may take come after it.
TEST(AutogenDiff, PartitionsKeepTheirOwnIndexesUnderANewIndexOfTheirParent) {
  Table pt = test::table_of("pt", {col("k", "integer"), col("v", "text")});
  pt.partition_by = "RANGE (k)";
  const auto partition = [](std::string name, const std::string& of) {
    Table p = test::table_of(std::move(name), {});
    p.partition_of = {"public", of};
    p.partition_bound = "DEFAULT";
    return p;
  };
  const auto index = [](std::string name, std::vector<std::string> columns, std::string body) {
    return Index{std::move(name), false, "btree", std::move(body), std::move(columns)};
  };
  Table p1 = partition("p1", "pt");
  p1.indexes = {index("p1_k", {"k"}, "(k) WHERE (v <> ''::text)"), index("p1_v", {"v"}, "(v)")};
  Catalog from = catalog({pt, p1});
  Table new_pt = pt;
  new_pt.indexes = {index("pt_k", {"k"}, "(k DESC)")};
  Table p2 = partition("p2", "pt");
  p2.indexes = {index("p2_k", {"k"}, "(k)")};
  Catalog to = catalog({new_pt, p1, p2});
  const auto ops = diff_catalogs(from, to);
  // p1_v (other columns) stays; p1_k is dropped and made again after pt_k,
  // and the new partition's p2_k leaves its CREATE TABLE for after pt_k.
  EXPECT_THAT(descriptions(ops), ElementsAre("drop index p1_k on p1", "add table p2", "add index pt_k on pt",
                                             "add index p2_k on p2", "add index p1_k on p1"));
  const auto* made_p2 = std::get_if<CreateTable>(&ops[1].kind);
  ASSERT_NE(made_p2, nullptr);
  EXPECT_TRUE(made_p2->table.indexes.empty());
  EXPECT_THAT(ops[4].notes, ElementsAre(HasSubstr("made again after index pt_k of pt")));
  // An index of the parent that goes comes back in the downgrade, before
  // the partition's own one.
  const auto back = diff_catalogs(catalog({new_pt, p1}), catalog({pt, p1}));
  EXPECT_THAT(descriptions(back), ElementsAre("drop index p1_k on p1", "drop index pt_k on pt", "add index p1_k on p1"));
  EXPECT_THAT(back[2].notes, ElementsAre(HasSubstr("which the downgrade makes again")));
  EXPECT_THAT(descriptions({inverse(back[2]), inverse(back[1]), inverse(back[0])}),
              ElementsAre("drop index p1_k on p1", "add index pt_k on pt", "add index p1_k on p1"));
}

}  // namespace
}  // namespace retort::autogen
