// depends_on: plans and rows (ALEMBIC.md §1.1, §3, §8; ALEMBIC-SCENARIOS.md
// fixture D).

#include <retort/plan.hpp>

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/graph_builder.hpp"

namespace retort {
namespace {

using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using namespace retort::testing;
using Kind = VersionChange::Kind;

// One DELETE and one UPDATE to `to`, touching exactly rows p and q.
void expect_merge_of(const Step& step, const std::string& p, const std::string& q, const std::string& to) {
  ASSERT_EQ(step.changes.size(), 2u) << ::testing::PrintToString(changes(step));
  EXPECT_EQ(count_kind(step, Kind::remove), 1u);
  EXPECT_EQ(count_kind(step, Kind::update), 1u);
  Rows touched;
  for (const auto& c : step.changes) {
    touched.insert(c.from);
    if (c.kind == Kind::update) {
      EXPECT_EQ(c.to, to);
    }
  }
  EXPECT_EQ(touched, (Rows{p, q}));
}

// --- D1 graph (DependsOnBranchTestOne) ----------------------------------------------

TEST(GraphDepends, D1HeadsAreRealHeads) {
  const auto map = fixtures::depends_one();
  EXPECT_THAT(map.heads(), UnorderedElementsAre("c2", "f1"));
  EXPECT_THAT(map.real_heads(), UnorderedElementsAre("c2", "f1"));
}

TEST(GraphDepends, D1DowngradeClosesIntoTheImpliedDependency) {
  const auto p = plan_downgrade(fixtures::depends_one(), {"c2", "d1"}, "c1");
  EXPECT_THAT(steps(p), ElementsAre("-d1"));
  EXPECT_THAT(changes(p), ElementsAre("DELETE d1"));
  EXPECT_THAT(p.rows_after, ElementsAre("c2"));
}

TEST(GraphDepends, D3DependencyRowIsAbsorbed) {
  const auto p = plan_upgrade(fixtures::depends_one(), {}, "c2");
  EXPECT_THAT(steps(p), ElementsAre("+a1", "+b1", "+c1", "+a2", "+b2", "+c2"));
  ASSERT_EQ(p.steps.size(), 6u);
  expect_merge_of(p.steps[5], "b2", "c1", "c2");
  EXPECT_THAT(p.rows_after, ElementsAre("c2"));
}

TEST(GraphDepends, D4Heads) {
  const auto p = plan_upgrade(fixtures::depends_one(), {}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+a1", "+b1", "+c1", "+d1", "+e1", "+f1", "+a2", "+b2", "+c2"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"c2", "f1"}));
}

TEST(GraphDepends, D5DowngradingADependencyTakesItsDependents) {
  const auto p = plan_downgrade(fixtures::depends_one(), {"f1", "c2"}, "lib1@base");
  EXPECT_THAT(steps(p), ElementsAre("-c2", "-f1", "-e1", "-d1", "-c1", "-b1", "-a1"));
  EXPECT_THAT(p.rows_after, ElementsAre("b2"));
}

TEST(GraphDepends, D6DependencyStillImplied) {
  const auto p = plan_downgrade(fixtures::depends_one(), {"f1", "c2"}, "b2");
  EXPECT_THAT(steps(p), ElementsAre("-c2"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE c2->b2"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"b2", "f1"}));
}

TEST(GraphDepends, D7DependencyReMaterialises) {
  const auto p = plan_downgrade(fixtures::depends_one(), {"c2"}, "b2");
  EXPECT_THAT(steps(p), ElementsAre("-c2"));
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(count_kind(p.steps[0], Kind::insert), 1u);
  EXPECT_EQ(count_kind(p.steps[0], Kind::update), 1u);
  EXPECT_EQ(p.steps[0].changes.size(), 2u);
  EXPECT_EQ(as_set(p.rows_after), (Rows{"b2", "c1"}));
  // The log text names versioned parents only.
  EXPECT_EQ(p.steps[0].describe(), "downgrade c2 -> b2");
}

TEST(GraphDepends, D8OnlyImpliedTargetIsNotValid) {
  EXPECT_THAT(error_of([&] { plan_downgrade(fixtures::depends_one(), {"c2"}, "c1"); }),
              HasSubstr("Destination c1 is not a valid downgrade target from current head(s)"));
}

TEST(GraphDepends, D9ChildOfAnImpliedRevisionIsANewRow) {
  const auto p = plan_upgrade(fixtures::depends_one(), {"c2"}, "d1");
  EXPECT_THAT(steps(p), ElementsAre("+d1"));
  EXPECT_THAT(changes(p), ElementsAre("INSERT d1"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"c2", "d1"}));
}

// --- D2 graph (DependsOnBranchTestTwo) ------------------------------------------------

RevisionMap depends_two() {
  return graph({{"a1"}, {"a2"}, {"a3"}, {"amerge", {"a1", "a2", "a3"}}, {"b1"}, {"b2"}, {"bmerge", {"b1", "b2"}},
                {"c1"}, {"c2"}, {"c3"}, {"cmerge", {"c1", "c2", "c3"}}, {"d1", {}, {}, {"a3", "b2", "c1"}}});
}

TEST(GraphDepends, D10UnmergeKeepsTheImpliedParentOut) {
  const auto p = plan_downgrade(depends_two(), {"amerge", "bmerge", "cmerge", "d1"}, "b2");
  EXPECT_THAT(steps(p), ElementsAre("-bmerge"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE bmerge->b1"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"amerge", "b1", "cmerge", "d1"}));
}

TEST(GraphDepends, D11DependencyOnlyBaseReturnsToItsDependency) {
  const auto p = plan_downgrade(depends_two(), {"amerge", "d1", "b1", "cmerge"}, "d1@base");
  EXPECT_THAT(steps(p), ElementsAre("-d1"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE d1->b2"));
  EXPECT_EQ(p.steps[0].describe(), "downgrade d1 -> ");
  EXPECT_EQ(as_set(p.rows_after), (Rows{"amerge", "b1", "b2", "cmerge"}));
}

TEST(GraphDepends, D12DowngradeBaseOrder) {
  const auto p = plan_downgrade(depends_two(), {"amerge", "b1", "b2", "cmerge"}, "base");
  EXPECT_THAT(steps(p), ElementsAre("-amerge", "-a1", "-b1", "-b2", "-cmerge", "-c1", "-a2", "-a3", "-c2", "-c3"));
  EXPECT_THAT(p.rows_after, IsEmpty());
}

TEST(GraphDepends, D13UpgradeHeadsOrder) {
  const auto p = plan_upgrade(depends_two(), {}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+c3", "+c2", "+b2", "+a3", "+a2", "+c1", "+d1", "+cmerge", "+b1", "+bmerge",
                                    "+a1", "+amerge"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"amerge", "bmerge", "cmerge", "d1"}));
}

// --- Other dependency cases ------------------------------------------------------------

RevisionMap issue_377() {
  return graph({{"a1"}, {"a2", {"a1"}}, {"b1"}, {"b2", {"b1"}, {}, {"a2"}}, {"b3", {"b2"}}, {"a3", {"a2"}, {}, {"b1"}}});
}

TEST(GraphDepends, D14DeleteWhenTheParentIsImpliedByADependent) {
  const auto p = plan_downgrade(issue_377(), {"a3", "b2"}, "b1");
  EXPECT_THAT(steps(p), ElementsAre("-b2"));
  EXPECT_THAT(changes(p), ElementsAre("DELETE b2"));
  EXPECT_THAT(p.rows_after, ElementsAre("a3"));
}

TEST(GraphDepends, D15CrossDependencies) {
  const auto p = plan_upgrade(issue_377(), {}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+a1", "+a2", "+b1", "+a3", "+b2", "+b3"));
  ASSERT_EQ(p.steps.size(), 6u);
  expect_merge_of(p.steps[3], "a2", "b1", "a3");
  EXPECT_THAT(changes(p.steps[4]), ElementsAre("INSERT b2"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"a3", "b3"}));
}

TEST(GraphDepends, D16DependencyOnOwnParentIsAPlainChain) {
  const auto map = graph({{"a1"}, {"a2", {"a1"}, {}, {"a1"}}});
  const auto up = plan_upgrade(map, {}, "a2");
  EXPECT_THAT(steps(up), ElementsAre("+a1", "+a2"));
  EXPECT_THAT(changes(up), ElementsAre("INSERT a1", "UPDATE a1->a2"));
  EXPECT_THAT(up.rows_after, ElementsAre("a2"));
  const auto down = plan_downgrade(map, {"a2"}, "a1");
  EXPECT_THAT(steps(down), ElementsAre("-a2"));
  EXPECT_THAT(changes(down), ElementsAre("UPDATE a2->a1"));
  EXPECT_THAT(down.rows_after, ElementsAre("a1"));
}

TEST(GraphDepends, D17RepeatedDependencyIsNormalizedAway) {
  const auto map = graph({{"a1"}, {"a2", {"a1"}}, {"a3", {"a2"}}, {"b1"}, {"b2", {"b1"}, {}, {"a3"}},
                          {"b3", {"b2"}}, {"b4", {"b3"}, {}, {"a3"}}});
  const auto p = plan_downgrade(map, {"b4"}, "b3");
  EXPECT_THAT(steps(p), ElementsAre("-b4"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE b4->b3"));
  EXPECT_THAT(p.rows_after, ElementsAre("b3"));
}

TEST(GraphDepends, D18UnmergeWithNoOtherRowsRestoresEveryParent) {
  // Issue #1373. Alembic >= 1.13.1 leaves {b1}; retort deliberately follows
  // 1.8.1, which restores every normalized parent: {a1, b1}.
  const auto map = graph({{"a1"}, {"b1", {}, {}, {"a1"}}, {"bmerge", {"a1", "b1"}}});
  const auto up1 = plan_upgrade(map, {"a1"}, "b1");
  EXPECT_THAT(changes(up1), ElementsAre("UPDATE a1->b1"));
  const auto up2 = plan_upgrade(map, up1.rows_after, "bmerge");
  EXPECT_THAT(changes(up2), ElementsAre("UPDATE b1->bmerge"));
  EXPECT_THAT(up2.rows_after, ElementsAre("bmerge"));
  const auto down = plan_downgrade(map, up2.rows_after, "a1");
  EXPECT_THAT(steps(down), ElementsAre("-bmerge"));
  EXPECT_EQ(as_set(down.rows_after), (Rows{"a1", "b1"}));
}

TEST(GraphDepends, D19DependencyOnALabel) {
  const auto map = graph({{"a1", {}, {"lib1"}}, {"b1", {"a1"}}, {"c1", {"b1"}, {"c1lib"}}, {"a2"}, {"b2", {"a2"}},
                          {"c2", {"b2"}, {}, {"c1lib"}}, {"d1", {"c1"}}, {"e1"}, {"f1"}});
  const auto p = plan_upgrade(map, {"a2"}, "c2");
  EXPECT_THAT(steps(p), ElementsAre("+a1", "+b1", "+c1", "+b2", "+c2"));
  EXPECT_THAT(p.rows_after, ElementsAre("c2"));
}

RevisionMap cross_dependency() {
  return graph({{"a"}, {"b", {"a"}}, {"c1", {"b"}, {"c1branch"}}, {"d1", {"c1"}}, {"c2", {"b"}, {"c2branch"}},
                {"d2", {"c2"}, {}, {"c1"}}});
}

TEST(GraphDepends, D20DowngradeTheDependentBranch) {
  const auto p = plan_downgrade(cross_dependency(), {"d1", "d2"}, "c2branch@b");
  EXPECT_THAT(steps(p), ElementsAre("-d2", "-c2"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE d2->c2", "DELETE c2"));
  EXPECT_THAT(p.rows_after, ElementsAre("d1"));
}

TEST(GraphDepends, D21DowngradeTheDependencyBranch) {
  const auto p = plan_downgrade(cross_dependency(), {"d1", "d2"}, "c1branch@b");
  EXPECT_THAT(steps(p), ElementsAre("-d1", "-d2", "-c1"));
  EXPECT_THAT(p.rows_after, ElementsAre("c2"));
}

TEST(GraphDepends, D22EffectiveHeadIsAbsorbed) {
  const auto map = graph({{"q1", {}, {"q"}}, {"q2", {"q1"}}, {"q3", {"q2"}}, {"q4", {"q3"}, {}, {"t3"}}, {"q5", {"q4"}},
                          {"t1", {}, {"t"}}, {"t2", {"t1"}}, {"t3", {"t2"}}, {"a1"}, {"a2", {"a1"}}, {"a3", {"a2"}},
                          {"a4", {"a3"}}});
  const auto p = plan_upgrade(map, {}, "heads");
  EXPECT_EQ(as_set(p.rows_after), (Rows{"q5", "a4"}));
  EXPECT_EQ(p.steps.size(), 12u);
  const auto q4 = std::find_if(p.steps.begin(), p.steps.end(), [](const Step& s) { return s.revision == "q4"; });
  ASSERT_NE(q4, p.steps.end());
  expect_merge_of(*q4, "q3", "t3", "q4");
  // Heads still lists t3, which no row names after a full upgrade.
  EXPECT_THAT(map.heads(), UnorderedElementsAre("t3", "q5", "a4"));
}

TEST(GraphDepends, D23SeveralDependenciesComeFirstInSomeOrder) {
  const auto map = graph({{"x"}, {"y"}, {"z"}, {"w", {"z"}, {}, {"x", "y"}}});
  const auto p = plan_upgrade(map, {}, "w");
  EXPECT_THAT(steps(p), AnyOf(ElementsAre("+x", "+y", "+z", "+w"), ElementsAre("+y", "+x", "+z", "+w")));
  EXPECT_THAT(p.rows_after, ElementsAre("w"));
}

TEST(GraphDepends, D23bEffectiveHeadRoot) {
  const auto map = graph({{"x1"}, {"y1", {}, {}, {"x1"}}});
  EXPECT_THAT(error_of([&] { plan_upgrade(map, {}, "head"); }),
              HasSubstr("Multiple head revisions are present for given argument 'head'"));
  const auto p = plan_upgrade(map, {}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+x1", "+y1"));
  EXPECT_THAT(changes(p), ElementsAre("INSERT x1", "UPDATE x1->y1"));
  EXPECT_EQ(p.steps[1].describe(), "upgrade  -> y1");
  EXPECT_THAT(p.rows_after, ElementsAre("y1"));
}

// --- Cross-root dependencies (MultipleBaseCrossDependencyTest) ----------------------------

RevisionMap cross_roots() {
  return graph({{"base1", {}, {"b_1"}}, {"a1a", {"base1"}}, {"a1b", {"base1"}}, {"b1a", {"a1a"}},
                {"b1b", {"a1b"}, {}, {"a3"}}, {"base2", {}, {"b_2"}}, {"a2", {"base2"}}, {"b2", {"a2"}},
                {"c2", {"b2"}, {}, {"a3"}}, {"d2", {"c2"}}, {"base3", {}, {"b_3"}}, {"a3", {"base3"}}, {"b3", {"a3"}}});
}

TEST(GraphDepends, D24Heads) { EXPECT_THAT(cross_roots().heads(), ElementsAre("b1a", "b1b", "d2", "b3")); }

TEST(GraphDepends, D25UpgradePullsInOtherRoots) {
  const auto p = plan_upgrade(cross_roots(), {}, "b_2@head");
  EXPECT_THAT(steps(p), ElementsAre("+base3", "+a3", "+base2", "+a2", "+b2", "+c2", "+d2"));
  EXPECT_THAT(p.rows_after, ElementsAre("d2"));
}

TEST(GraphDepends, D26DowngradeRemovesDependentsOnOtherRoots) {
  const auto p = plan_downgrade(cross_roots(), {"b1a", "b1b", "d2", "b3"}, "b_3@base");
  EXPECT_THAT(steps(p), ElementsAre("-b1b", "-d2", "-c2", "-b3", "-a3", "-base3"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"a1b", "b1a", "b2"}));
}

TEST(GraphDepends, D28DependentRoot) {
  const auto map = graph({{"base1"}, {"a1", {"base1"}}, {"b1", {"a1"}}, {"c2", {}, {}, {"a1"}}, {"c3", {"c2"}}});
  const auto p = plan_upgrade(map, {}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+base1", "+a1", "+c2", "+c3", "+b1"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"b1", "c3"}));
}

// --- Effective-head downgrades (MultipleBranchEffectiveHead) --------------------------------

RevisionMap effective_head() {
  return graph({{"y1", {}, {"y"}}, {"x1", {}, {"x"}}, {"y2", {"y1"}, {}, {"x1"}}, {"x2", {"x1"}}});
}

TEST(GraphDepends, D29BranchMinusOneWithTheDependencyImplied) {
  const auto p = plan_downgrade(effective_head(), {"x2", "y2"}, "x@-1");
  EXPECT_THAT(steps(p), ElementsAre("-x2"));
  EXPECT_THAT(changes(p), ElementsAre("DELETE x2"));
  EXPECT_THAT(p.rows_after, ElementsAre("y2"));
}

TEST(GraphDepends, D30D31BranchFoundThroughTheDependency) {
  const auto map = effective_head();
  const auto d30 = plan_downgrade(map, {"x1", "y2"}, "x@-1");
  EXPECT_THAT(steps(d30), ElementsAre("-y2", "-x1"));
  EXPECT_THAT(d30.rows_after, ElementsAre("y1"));
  const auto d31 = plan_downgrade(map, {"y2"}, "x@-1");
  EXPECT_THAT(steps(d31), ElementsAre("-y2", "-x1"));
  EXPECT_THAT(d31.rows_after, ElementsAre("y1"));
}

TEST(GraphDepends, BranchMinusOneWithTwoRowsOnTheBranchIsRefused) {
  // §4.4: more than one candidate row on <b> is an internal assertion in
  // Alembic. Here both d1 and d2 carry lbl.
  const auto map = graph({{"a", {}, {"lbl"}}, {"b", {"a"}}, {"d1", {"b"}}, {"d2", {"b"}}});
  EXPECT_THROW(plan_downgrade(map, {"d1", "d2"}, "lbl@-1"), RevisionError);
}

// --- Order of normalized dependencies (CPython set layout, PYTHONHASHSEED=0) ----------

TEST(GraphDepends, InheritedDependenciesRemovedFromTheSetCanReorderTheRest) {
  // Alembic: normalized = set(xx's deps); normalized.difference_update(yy's
  // deps). Two deleted entries in the 8-slot table make CPython rebuild it
  // (more than a quarter dummies), which puts d3 before d6; in the full set
  // d6 comes first. The order decides the lanes of the topological sort.
  // Recorded from Alembic 1.8.1 (upgrade base:xx --sql, history).
  const auto map = graph({{"d1"},
                          {"d2"},
                          {"d3"},
                          {"d6"},
                          {"yy", {}, {}, {"d1", "d2"}},
                          {"xx", {"yy"}, {}, {"d1", "d2", "d3", "d6"}}});
  EXPECT_THAT(steps(plan_upgrade(map, {}, "xx")), ElementsAre("+d2", "+d6", "+d3", "+d1", "+yy", "+xx"));
  EXPECT_THAT(history(map, "", ""), ElementsAre("xx", "yy", "d1", "d3", "d6", "d2"));
}

TEST(GraphDepends, FiveDependenciesFollowTheGrownSet) {
  // A fifth entry makes CPython grow the set to 32 slots; the order is the
  // grown table's, not the declared one. Recorded from Alembic 1.8.1.
  const auto map = graph({{"d1"}, {"d2"}, {"d3"}, {"d4"}, {"d5"}, {"xx", {}, {}, {"d1", "d2", "d3", "d4", "d5"}}});
  EXPECT_THAT(steps(plan_upgrade(map, {}, "xx")), ElementsAre("+d5", "+d1", "+d3", "+d4", "+d2", "+xx"));
  EXPECT_THAT(history(map, "", ""), ElementsAre("xx", "d2", "d4", "d3", "d1", "d5"));
}

}  // namespace
}  // namespace retort
