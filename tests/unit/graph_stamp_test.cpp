// Stamp plans and version-table bookkeeping (ALEMBIC.md §8.1, §9, §11;
// ALEMBIC-SCENARIOS.md fixtures L24, B31-B33, M7-M12, D2, F, G23-G25, S, V, C,
// O).

#include <retort/plan.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/graph_builder.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace retort::testing;

// three_rev plus the multi-heads additions: a <- b <- c, b <- d <- e, b <- f.
RevisionMap multi_heads() {
  return graph({{"a"}, {"b", {"a"}}, {"c", {"b"}}, {"d", {"b"}}, {"e", {"d"}}, {"f", {"b"}}});
}
RevisionMap three_rev() { return graph({{"a"}, {"b", {"a"}}, {"c", {"b"}}}); }

TEST(GraphStamp, L24StampBaseDeletesTheRow) {
  const auto p = plan_stamp(fixtures::linear(), {"d"}, {"base"});
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_TRUE(p.steps[0].stamp);
  EXPECT_THAT(changes(p), ElementsAre("DELETE d"));
  EXPECT_THAT(p.rows_after, IsEmpty());
  // No targets at all means base too.
  EXPECT_THAT(changes(plan_stamp(fixtures::linear(), {"d"}, {})), ElementsAre("DELETE d"));
}

// --- Fixture B ----------------------------------------------------------------------

TEST(GraphStamp, B31DownFromTwoRowsDeletesAllButTheLastInTableOrder) {
  const auto p = plan_stamp(fixtures::branched(), {"d1", "c2"}, {"b"});
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].describe(), "stamp_revision d1, c2 -> b");
  EXPECT_THAT(changes(p), ElementsAre("DELETE d1", "UPDATE c2->b"));
  EXPECT_THAT(p.rows_after, ElementsAre("b"));
}

TEST(GraphStamp, B32LabelBaseDeletesOnlyThatLine) {
  const auto p = plan_stamp(fixtures::branched(), {"d1", "c2"}, {"c1branch@base"});
  EXPECT_THAT(changes(p), ElementsAre("DELETE d1"));
  EXPECT_THAT(p.rows_after, ElementsAre("c2"));
}

TEST(GraphStamp, B33LabelHeadMovesThatLine) {
  const auto p = plan_stamp(fixtures::branched(), {"d1", "c2"}, {"c2branch@head"});
  EXPECT_THAT(changes(p), ElementsAre("UPDATE c2->d2"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"d1", "d2"}));
}

// --- Fixture M -------------------------------------------------------------------------

TEST(GraphStamp, M7ToM9SingleRowMoves) {
  const auto map = fixtures::merged();
  EXPECT_THAT(changes(plan_stamp(map, {"e"}, {"c2"})), ElementsAre("UPDATE e->c2"));
  EXPECT_THAT(changes(plan_stamp(map, {"e"}, {"a"})), ElementsAre("UPDATE e->a"));
  EXPECT_THAT(changes(plan_stamp(map, {"c2"}, {"e"})), ElementsAre("UPDATE c2->e"));
  EXPECT_THAT(changes(plan_stamp(map, {"b"}, {"e"})), ElementsAre("UPDATE b->e"));  // M12
}

TEST(GraphStamp, M10M11UpFromTwoRowsMerges) {
  const auto map = fixtures::merged();
  const auto m10 = plan_stamp(map, {"d1", "c2"}, {"c2branch@head"});
  ASSERT_EQ(m10.steps.size(), 1u);
  EXPECT_EQ(m10.steps[0].describe(), "stamp_revision d1, c2 -> f");
  EXPECT_THAT(changes(m10), ElementsAre("DELETE d1", "UPDATE c2->f"));
  EXPECT_THAT(m10.rows_after, ElementsAre("f"));
  const auto m11 = plan_stamp(map, {"d1", "c2"}, {"e"});
  EXPECT_THAT(changes(m11), ElementsAre("DELETE d1", "UPDATE c2->e"));
  EXPECT_THAT(m11.rows_after, ElementsAre("e"));
}

TEST(GraphStamp, LabelHeadLineageIncludesTheResolvedHead) {
  // §4.3 / LabeledBranchTest: with d merging c1 and c2, c1branch@head (= d)
  // shares lineage with c2, so the row c2 moves up to d.
  const auto map = graph({{"a"}, {"b", {"a"}}, {"c1", {"b"}, {"c1branch"}}, {"c2", {"b"}}, {"d", {"c1", "c2"}}});
  const auto p = plan_stamp(map, {"c2"}, {"c1branch@head"});
  EXPECT_THAT(changes(p), ElementsAre("UPDATE c2->d"));
  EXPECT_THAT(p.rows_after, ElementsAre("d"));
}

// --- Fixture D -------------------------------------------------------------------------------

TEST(GraphStamp, D2StampAcrossADependency) {
  const auto p = plan_stamp(fixtures::depends_one(), {"e1", "c2"}, {"b1"});
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_THAT(changes(p), ElementsAre("DELETE e1", "UPDATE c2->b1"));
  EXPECT_THAT(p.rows_after, ElementsAre("b1"));
}

// --- Fixture F ------------------------------------------------------------------------------

TEST(GraphStamp, F2F3StampHeads) {
  const auto map = fixtures::forest();
  const auto p = plan_stamp(map, {}, {"heads"});
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_THAT(changes(p), ElementsAre("INSERT b1", "INSERT b2"));
  EXPECT_EQ(p.steps[0].describe(), "stamp_revision  -> b1");
  EXPECT_THAT(plan_stamp(map, {"b1", "b2"}, {"heads"}).steps, IsEmpty());
}

TEST(GraphStamp, F7UnrelatedTargetIsANewBranch) {
  const auto p = plan_stamp(fixtures::forest(), {"b2"}, {"a1"});
  EXPECT_THAT(changes(p), ElementsAre("INSERT a1"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"a1", "b2"}));
}

TEST(GraphStamp, F8StampBaseDeletesEveryRow) {
  const auto p = plan_stamp(fixtures::forest(), {"b1", "b2"}, {"base"});
  EXPECT_EQ(p.steps.size(), 2u);
  EXPECT_THAT(changes(p), ElementsAre("DELETE b1", "DELETE b2"));
  EXPECT_THAT(p.rows_after, IsEmpty());
}

TEST(GraphStamp, F9TwoTargetsOnUnrelatedLines) {
  const auto p = plan_stamp(fixtures::forest(), {"a1"}, {"b1", "a2"});
  EXPECT_THAT(changes(p), ElementsAre("UPDATE a1->b1", "INSERT a2"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"a2", "b1"}));
}

// --- Fixture G ------------------------------------------------------------------------------

TEST(GraphStamp, G23ToG25Labels) {
  const auto map = fixtures::labeled();
  const auto g23 = plan_stamp(map, {"c", "f"}, {"ebranch@base"});
  EXPECT_THAT(changes(g23), ElementsAre("DELETE f"));
  EXPECT_THAT(g23.rows_after, ElementsAre("c"));
  const auto g24 = plan_stamp(map, {"b", "f"}, {"abranch@head"});
  EXPECT_THAT(changes(g24), ElementsAre("UPDATE b->c"));
  EXPECT_EQ(as_set(g24.rows_after), (Rows{"c", "f"}));
  const auto g25 = plan_stamp(map, {"c", "f"}, {"ebranch@d"});
  EXPECT_THAT(changes(g25), ElementsAre("UPDATE f->d"));
  EXPECT_EQ(as_set(g25.rows_after), (Rows{"c", "d"}));
}

// --- Fixture S ------------------------------------------------------------------------------

TEST(GraphStamp, S1S2FromEmptyEveryTargetIsInserted) {
  const auto map = multi_heads();
  EXPECT_THAT(changes(plan_stamp(map, {}, {"heads"})), ElementsAre("INSERT c", "INSERT e", "INSERT f"));
  const auto s2 = plan_stamp(map, {}, {"a", "e", "f"});
  EXPECT_THAT(changes(s2), ElementsAre("INSERT a", "INSERT e", "INSERT f"));
  EXPECT_EQ(as_set(s2.rows_after), (Rows{"a", "e", "f"}));
}

TEST(GraphStamp, S4UpThenNewBranch) {
  const auto map = multi_heads();
  const auto first = plan_stamp(map, {}, {"a"});
  EXPECT_THAT(changes(first), ElementsAre("INSERT a"));
  const auto second = plan_stamp(map, first.rows_after, {"e", "f"});
  EXPECT_THAT(changes(second), ElementsAre("UPDATE a->e", "INSERT f"));
  EXPECT_EQ(as_set(second.rows_after), (Rows{"e", "f"}));
}

TEST(GraphStamp, S5S12StampingTheCurrentRowsDoesNothing) {
  const auto map = multi_heads();
  const auto once = plan_stamp(map, {}, {"c", "e"});
  EXPECT_THAT(changes(once), ElementsAre("INSERT c", "INSERT e"));
  const auto twice = plan_stamp(map, once.rows_after, {"c", "e"});
  EXPECT_THAT(twice.steps, IsEmpty());
  EXPECT_EQ(as_set(twice.rows_after), (Rows{"c", "e"}));
}

TEST(GraphStamp, S6S13HeadsFromTheBranchPoint) {
  // Relevant rows are computed once: the later upward steps find b gone and
  // INSERT instead.
  const auto map = multi_heads();
  for (const auto& targets : {std::vector<std::string>{"heads"}, std::vector<std::string>{"c", "e", "f"}}) {
    const auto p = plan_stamp(map, {"b"}, targets);
    EXPECT_THAT(changes(p), ElementsAre("UPDATE b->c", "INSERT e", "INSERT f"));
    ASSERT_EQ(p.steps.size(), 3u);
    EXPECT_EQ(p.steps[1].describe(), "stamp_revision b -> e");
    EXPECT_EQ(as_set(p.rows_after), (Rows{"c", "e", "f"}));
  }
}

TEST(GraphStamp, S8PurgeInsertsEveryTarget) {
  // The unknown row 'fake' is purged, not looked up.
  const auto p = plan_stamp(multi_heads(), {"fake"}, {"a", "e", "f"}, true);
  EXPECT_THAT(changes(p), ElementsAre("INSERT a", "INSERT e", "INSERT f"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"a", "e", "f"}));
}

TEST(GraphStamp, S10TwoRoots) {
  const auto map = graph({{"a1"}, {"b1", {"a1"}}, {"c1", {"b1"}}, {"a2"}, {"b2", {"a2"}}, {"c2", {"b2"}}});
  EXPECT_THAT(changes(plan_stamp(map, {}, {"heads"})), ElementsAre("INSERT c1", "INSERT c2"));
  EXPECT_THAT(changes(plan_stamp(map, {}, {"c1@head"})), ElementsAre("INSERT c1"));
}

TEST(GraphStamp, S11S12LiveStamps) {
  const auto map = graph({{"a"}, {"b", {"a"}}});
  EXPECT_THAT(plan_stamp(map, {}, {"head"}).rows_after, ElementsAre("b"));
  EXPECT_THAT(plan_stamp(map, {"a"}, {"b"}).rows_after, ElementsAre("b"));
  EXPECT_THAT(plan_stamp(map, {"b"}, {"a"}).rows_after, ElementsAre("a"));
  EXPECT_THAT(changes(plan_stamp(map, {"b"}, {"a"})), ElementsAre("UPDATE b->a"));
  EXPECT_THAT(plan_stamp(map, {"b"}, {"b"}).steps, IsEmpty());
}

TEST(GraphStamp, Errors) {
  EXPECT_THAT(error_of([&] { plan_stamp(fixtures::branched(), {}, {"head"}); }),
              HasSubstr("Multiple heads are present; please specify a single target revision"));
  EXPECT_THAT(error_of([&] { plan_stamp(fixtures::branched(), {}, {"zzzz"}); }),
              HasSubstr("Can't locate revision identified by 'zzzz'"));
}

// --- Fixture V: row bookkeeping through stamp and downgrade plans -----------------------

TEST(GraphStamp, V1V2V3SingleRow) {
  const auto map = graph({{"a"}, {"b", {"a"}}});
  const auto v1 = plan_stamp(map, {}, {"a"});
  EXPECT_THAT(changes(v1), ElementsAre("INSERT a"));
  EXPECT_THAT(v1.rows_after, ElementsAre("a"));
  EXPECT_THAT(plan_stamp(map, {"a"}, {"b"}).rows_after, ElementsAre("b"));
  EXPECT_THAT(plan_stamp(map, {"a"}, {"base"}).rows_after, IsEmpty());
}

TEST(GraphStamp, V4NewBranchesBesideAnExistingRow) {
  const auto map = graph({{"a"}, {"b", {"a"}}, {"c"}, {"d", {"c"}}, {"e1", {"d"}}, {"e2", {"d"}}});
  const auto first = plan_stamp(map, {"b"}, {"c"});
  EXPECT_THAT(changes(first), ElementsAre("INSERT c"));
  EXPECT_EQ(as_set(first.rows_after), (Rows{"b", "c"}));
  const auto second = plan_stamp(map, first.rows_after, {"e1", "e2"});
  EXPECT_THAT(changes(second), ElementsAre("UPDATE c->e1", "INSERT e2"));
  EXPECT_EQ(as_set(second.rows_after), (Rows{"b", "e1", "e2"}));
}

TEST(GraphStamp, V5V6CollapsingTwoRows) {
  const auto map = graph({{"b"}, {"c", {"b"}}, {"d1", {"c"}}, {"d2", {"c"}}, {"e", {"d1", "d2"}}});
  const auto both = plan_stamp(map, {}, {"d1", "d2"});
  EXPECT_THAT(both.rows_after, ElementsAre("d1", "d2"));
  const auto down = plan_stamp(map, both.rows_after, {"c"});
  EXPECT_THAT(changes(down), ElementsAre("DELETE d1", "UPDATE d2->c"));
  EXPECT_THAT(plan_stamp(map, down.rows_after, {"b"}).rows_after, ElementsAre("b"));
  const auto up = plan_stamp(map, both.rows_after, {"e"});
  EXPECT_THAT(changes(up), ElementsAre("DELETE d1", "UPDATE d2->e"));
  EXPECT_THAT(up.rows_after, ElementsAre("e"));
}

TEST(GraphStamp, V7UnmergeThenStepDown) {
  const auto map = graph({{"c2"}, {"d1"}, {"d2", {"c2"}}, {"e", {"d1", "d2"}}});
  const auto unmerge = plan_downgrade(map, {"e"}, "d1");
  EXPECT_EQ(as_set(unmerge.rows_after), (Rows{"d1", "d2"}));
  const auto down = plan_downgrade(map, unmerge.rows_after, "c2");
  EXPECT_THAT(changes(down), ElementsAre("UPDATE d2->c2"));
  EXPECT_EQ(as_set(down.rows_after), (Rows{"c2", "d1"}));
}

// --- Fixture C ------------------------------------------------------------------------------

TEST(GraphStamp, C14C15C16SessionStamps) {
  auto spec = fixtures::session_base();
  spec.push_back(fixtures::session_merge());
  const auto map = graph(spec);
  const auto c14 = plan_stamp(map, {"1975ea83b712"}, {"heads"});
  ASSERT_EQ(c14.steps.size(), 1u);
  EXPECT_EQ(c14.steps[0].describe(), "stamp_revision 1975ea83b712 -> 53fffde5ad5");
  EXPECT_THAT(c14.rows_after, ElementsAre("53fffde5ad5"));

  // C15: the first destination alone is a plain downward stamp...
  const auto first = plan_stamp(map, {"53fffde5ad5"}, {"1975ea83b712"});
  ASSERT_EQ(first.steps.size(), 1u);
  EXPECT_EQ(first.steps[0].describe(), "stamp_revision 53fffde5ad5 -> 1975ea83b712");
  // ...but both together relate to the same row; Alembic crashes (KeyError).
  EXPECT_THROW(plan_stamp(map, {"53fffde5ad5"}, {"1975ea83b712", "27c6a30d7c24"}), RevisionError);

  const auto c16 = plan_stamp(map, {"53fffde5ad5"}, {"ae1027a6acf"}, true);
  ASSERT_EQ(c16.steps.size(), 1u);
  EXPECT_EQ(c16.steps[0].describe(), "stamp_revision  -> ae1027a6acf");
  EXPECT_THAT(c16.rows_after, ElementsAre("ae1027a6acf"));
}

// --- Fixture O: offline plans (the start replaces the rows) ----------------------------------

TEST(GraphOffline, O1ToO5OfflineUpgradeAndDowngradePlans) {
  const auto map = three_rev();
  EXPECT_THAT(changes(plan_upgrade(map, {}, "a")), ElementsAre("INSERT a"));
  const auto o2 = plan_upgrade(map, {"b"}, "c");
  EXPECT_THAT(steps(o2), ElementsAre("+c"));
  EXPECT_THAT(changes(o2), ElementsAre("UPDATE b->c"));
  const auto o3 = plan_downgrade(map, {"c"}, "base");
  EXPECT_THAT(steps(o3), ElementsAre("-c", "-b", "-a"));
  EXPECT_THAT(changes(o3), ElementsAre("UPDATE c->b", "UPDATE b->a", "DELETE a"));
  EXPECT_THAT(steps(plan_downgrade(map, {"c"}, "a")), ElementsAre("-c", "-b"));
  for (const char* target : {"head", "c"}) {
    EXPECT_THAT(changes(plan_upgrade(map, {}, target)), ElementsAre("INSERT a", "UPDATE a->b", "UPDATE b->c"));
  }
}

TEST(GraphOffline, O6O7O8OfflineStampPlans) {
  const auto map = graph({{"1a2b3c4d5e6f"}, {"2b3c4d5e6f7a", {"1a2b3c4d5e6f"}}, {"3c4d5e6f7a8b", {"2b3c4d5e6f7a"}}});
  // O6: `stamp <a>:head`, the start given as a 7-character prefix.
  const auto start = map.resolve_one("1a2b3c4");
  ASSERT_TRUE(start.has_value());
  const auto o6 = plan_stamp(map, {*start}, {"head"});
  EXPECT_THAT(changes(o6), ElementsAre("UPDATE 1a2b3c4d5e6f->3c4d5e6f7a8b"));
  for (const char* target : {"head", "3c4d5e6f7a8b"}) {
    EXPECT_THAT(changes(plan_stamp(map, {}, {target})), ElementsAre("INSERT 3c4d5e6f7a8b"));
  }
  EXPECT_THAT(plan_stamp(map, {}, {"base"}).steps, IsEmpty());
}

}  // namespace
}  // namespace retort
