// Upgrade plans: targets, relative steps, step order and version-table rows
// (ALEMBIC.md §4.4, §5, §6, §8; ALEMBIC-SCENARIOS.md fixtures L, P, B, M, X,
// X3, W, F, G, I, C). Dependency cases live in graph_depends_test.cpp.

#include <retort/plan.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/graph_builder.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using namespace retort::testing;
using Kind = VersionChange::Kind;

const std::string k_multiple_head =
    "Multiple head revisions are present for given argument 'head'; please specify a specific target "
    "revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads";

// A merge step: exactly one DELETE and one UPDATE to `to`, touching the two
// given rows (which one is deleted is arbitrary in Alembic).
void expect_two_way_merge(const Step& step, const std::string& p, const std::string& q,
                          const std::string& to) {
  ASSERT_EQ(step.changes.size(), 2u) << ::testing::PrintToString(changes(step));
  EXPECT_EQ(count_kind(step, Kind::remove), 1u);
  EXPECT_EQ(count_kind(step, Kind::update), 1u);
  std::set<std::string> touched;
  for (const auto& c : step.changes) {
    touched.insert(c.from);
    if (c.kind == Kind::update) {
      EXPECT_EQ(c.to, to);
    }
  }
  EXPECT_EQ(touched, (Rows{p, q}));
}

// --- Fixture L: linear chain ---------------------------------------------------

TEST(GraphUpgrade, L1FromTheMiddle) {
  const auto p = plan_upgrade(fixtures::linear(), {"c"}, "e");
  EXPECT_THAT(steps(p), ElementsAre("+d", "+e"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE c->d", "UPDATE d->e"));
  EXPECT_THAT(p.rows_after, ElementsAre("e"));
}

TEST(GraphUpgrade, L2FromEmpty) {
  const auto p = plan_upgrade(fixtures::linear(), {}, "c");
  EXPECT_THAT(steps(p), ElementsAre("+a", "+b", "+c"));
  EXPECT_THAT(changes(p), ElementsAre("INSERT a", "UPDATE a->b", "UPDATE b->c"));
  EXPECT_THAT(p.rows_after, ElementsAre("c"));
  EXPECT_THAT(p.rows_before, IsEmpty());
}

TEST(GraphUpgrade, L3ToL5RelativeToTheCurrentRow) {
  const auto map = fixtures::linear();
  EXPECT_THAT(steps(plan_upgrade(map, {"a"}, "+2")), ElementsAre("+b", "+c"));
  EXPECT_THAT(plan_upgrade(map, {"a"}, "+2").rows_after, ElementsAre("c"));
  EXPECT_THAT(steps(plan_upgrade(map, {"a"}, "+1")), ElementsAre("+b"));
  EXPECT_THAT(plan_upgrade(map, {"a"}, "+1").rows_after, ElementsAre("b"));
  EXPECT_THAT(steps(plan_upgrade(map, {"b"}, "+3")), ElementsAre("+c", "+d", "+e"));
  EXPECT_THAT(plan_upgrade(map, {"b"}, "+3").rows_after, ElementsAre("e"));
}

TEST(GraphUpgrade, L6L7RelativeToASymbol) {
  const auto map = fixtures::linear();
  const auto six = plan_upgrade(map, {"a"}, "b+2");
  EXPECT_THAT(steps(six), ElementsAre("+b", "+c", "+d"));
  EXPECT_THAT(six.rows_after, ElementsAre("d"));
  const auto seven = plan_upgrade(map, {"a"}, "d-2");
  EXPECT_THAT(steps(seven), ElementsAre("+b"));
  EXPECT_THAT(seven.rows_after, ElementsAre("b"));
  // §4.4: head-1 / heads-1 with one head, base+N from the root.
  EXPECT_THAT(steps(plan_upgrade(map, {"a"}, "head-1")), ElementsAre("+b", "+c", "+d"));
  EXPECT_THAT(steps(plan_upgrade(map, {"a"}, "heads-1")), ElementsAre("+b", "+c", "+d"));
  EXPECT_THAT(steps(plan_upgrade(map, {}, "base+2")), ElementsAre("+a", "+b"));
}

TEST(GraphUpgrade, RelativeTextAfterTheDigitsIsIgnored) {
  // §4.4: "Anything after the digits is ignored (not an error)".
  EXPECT_THAT(steps(plan_upgrade(fixtures::linear(), {"a"}, "+2zz")), ElementsAre("+b", "+c"));
}

TEST(GraphUpgrade, L8ToL11RelativeErrors) {
  const auto map = fixtures::linear();
  EXPECT_THAT(error_of([&] { plan_upgrade(map, {"b"}, "-2"); }),
              HasSubstr("Relative revision -2 didn't produce 2 migrations"));
  EXPECT_THAT(error_of([&] { plan_upgrade(map, {"b"}, "+5"); }),
              HasSubstr("Relative revision +5 didn't produce 5 migrations"));
  EXPECT_THAT(error_of([&] { plan_upgrade(map, {"e"}, "+1"); }),
              HasSubstr("Relative revision +1 didn't produce 1 migrations"));
  EXPECT_THAT(error_of([&] { plan_upgrade(map, {"a"}, "+0"); }),
              HasSubstr("Relative revision 0 didn't produce 0 migrations"));
}

TEST(GraphUpgrade, L25TargetsAtOrBelowTheCurrentRowDoNothing) {
  const auto map = fixtures::linear();
  for (const char* target : {"b", "base", "d"}) {
    const auto p = plan_upgrade(map, {"d"}, target);
    EXPECT_THAT(p.steps, IsEmpty()) << target;
    EXPECT_THAT(p.rows_after, ElementsAre("d")) << target;
  }
}

TEST(GraphUpgrade, L29SymbolRelativePastTheEndIsRefused) {
  // Alembic fails on an internal AssertionError; retort must refuse.
  const auto map = fixtures::linear();
  EXPECT_THROW(plan_upgrade(map, {"a"}, "c+5"), RevisionError);
  EXPECT_THROW(plan_upgrade(map, {}, "base+9"), RevisionError);
  EXPECT_THROW(plan_upgrade(map, {}, "b-5"), RevisionError);
}

TEST(GraphUpgrade, L30InconsistentRowsOverlap) {
  EXPECT_THAT(error_of([&] { plan_upgrade(fixtures::linear(), {"b", "c"}, "d"); }),
              HasSubstr("Requested revision c overlaps with other requested revisions b"));
}

// --- Fixture P ------------------------------------------------------------------

RevisionMap partial() {
  return graph({{"a1b2c3d4"}, {"a1b2ffff", {"a1b2c3d4"}}, {"c0ffee00", {"a1b2ffff"}}, {"d", {"c0ffee00"}}});
}

TEST(GraphUpgrade, P1PrefixTarget) {
  EXPECT_THAT(steps(plan_upgrade(partial(), {}, "c0ff")), ElementsAre("+a1b2c3d4", "+a1b2ffff", "+c0ffee00"));
}

TEST(GraphUpgrade, P7UnknownTarget) {
  const std::string msg = error_of<ResolutionError>([&] { plan_upgrade(partial(), {}, "zzzz"); });
  EXPECT_THAT(msg, HasSubstr("Can't locate revision identified by 'zzzz'"));
  EXPECT_THAT(msg, HasSubstr("No such revision or branch 'zzzz'"));
}

TEST(GraphUpgrade, AmbiguousPrefixTargetIsCantLocate) {
  // §4.2: the CLI shows "Can't locate" for an ambiguous prefix too.
  EXPECT_THAT(error_of([&] { plan_upgrade(partial(), {}, "a1b2"); }),
              HasSubstr("Can't locate revision identified by 'a1b2'"));
}

TEST(GraphUpgrade, RowsWhereOneIsAnAncestorOfAnotherOverlap) {
  // §6 step 3.
  EXPECT_THAT(error_of([&] { plan_upgrade(partial(), {"a1b2ffff", "c0ffee00"}, "d"); }),
              HasSubstr("Requested revision c0ffee00 overlaps with other requested revisions a1b2ffff"));
}

TEST(GraphUpgrade, UnknownRowIsCantLocate) {
  EXPECT_THAT(error_of([&] { plan_upgrade(partial(), {"fake"}, "d"); }),
              HasSubstr("Can't locate revision identified by 'fake'"));
}

// --- Fixture B: branches --------------------------------------------------------

TEST(GraphUpgrade, B1OneBranch) {
  const auto p = plan_upgrade(fixtures::branched(), {"b"}, "d1");
  EXPECT_THAT(steps(p), ElementsAre("+c1", "+d1"));
  EXPECT_THAT(p.rows_after, ElementsAre("d1"));
}

TEST(GraphUpgrade, B2BothBranchesRowTrace) {
  // §8.2 worked trace; the tuple target (d1, d2) is every head here.
  const auto map = fixtures::branched();
  const auto p = plan_upgrade(map, {"a"}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+b", "+c2", "+d2", "+c1", "+d1"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE a->b", "UPDATE b->c2", "UPDATE c2->d2", "INSERT c1", "UPDATE c1->d1"));
  EXPECT_THAT(rows_per_step(p),
              ElementsAre(Rows{"b"}, Rows{"c2"}, Rows{"d2"}, (Rows{"c1", "d2"}), (Rows{"d1", "d2"})));
  EXPECT_EQ(p.steps[0].describe(), "upgrade a -> b");
}

TEST(GraphUpgrade, B4LabelHeadMinusOne) {
  const auto p = plan_upgrade(fixtures::branched(), {"b"}, "c2branch@head-1");
  EXPECT_THAT(steps(p), ElementsAre("+c2"));
  EXPECT_THAT(p.rows_after, ElementsAre("c2"));
}

TEST(GraphUpgrade, B19B20BranchPlusOne) {
  const auto map = fixtures::branched();
  const auto p19 = plan_upgrade(map, {"c1"}, "c2branch@+1");
  EXPECT_THAT(steps(p19), ElementsAre("+c2"));
  EXPECT_THAT(changes(p19), ElementsAre("INSERT c2"));
  EXPECT_THAT(as_set(p19.rows_after), (Rows{"c1", "c2"}));
  const auto p20 = plan_upgrade(map, {"c1", "c2"}, "c2branch@+1");
  EXPECT_THAT(steps(p20), ElementsAre("+d2"));
  EXPECT_THAT(as_set(p20.rows_after), (Rows{"c1", "d2"}));
}

TEST(GraphUpgrade, BranchMinusOneIsNoUpgrade) {
  // §4.4: upgrade <b>@-N fails like -N.
  EXPECT_THAT(error_of([&] { plan_upgrade(fixtures::branched(), {"d1", "c2"}, "c2branch@-1"); }),
              HasSubstr("Relative revision -1 didn't produce 1 migrations"));
}

TEST(GraphUpgrade, BranchQualifiedSymbolPlusN) {
  // §4.4: <b>@<sym>+N walks up from <sym> through children on <b>'s line.
  const auto map = fixtures::branched();
  EXPECT_THAT(steps(plan_upgrade(map, {"a"}, "c2branch@b+1")), ElementsAre("+b", "+c2"));
  EXPECT_THAT(steps(plan_upgrade(map, {"a"}, "c1branch@b+2")), ElementsAre("+b", "+c1", "+d1"));
}

TEST(GraphUpgrade, CantLocateNamesTheOffendingPart) {
  // §4.2: x@d1 with an unknown branch quotes 'x'; a revision outside the
  // branch quotes the revision.
  const auto map = fixtures::branched();
  EXPECT_THAT(error_of([&] { plan_upgrade(map, {}, "x@d1"); }), HasSubstr("Can't locate revision identified by 'x'"));
  EXPECT_THAT(error_of([&] { plan_upgrade(map, {}, "c1branch@d2"); }),
              HasSubstr("Can't locate revision identified by 'd2'"));
}

TEST(GraphUpgrade, B21PlusOneFromTwoRowsIsAmbiguous) {
  EXPECT_THAT(error_of([&] { plan_upgrade(fixtures::branched(), {"c1", "c2"}, "+1"); }),
              HasSubstr("Ambiguous upgrade from multiple current revisions"));
}

TEST(GraphUpgrade, B22PlusOneFromEmpty) {
  const auto map = fixtures::branched();
  for (const char* target : {"base+1", "+1"}) {
    const auto p = plan_upgrade(map, {}, target);
    EXPECT_THAT(steps(p), ElementsAre("+a")) << target;
    EXPECT_THAT(p.rows_after, ElementsAre("a")) << target;
  }
}

TEST(GraphUpgrade, B26HeadWithTwoHeads) {
  EXPECT_THAT(error_of([&] { plan_upgrade(fixtures::branched(), {}, "head"); }), HasSubstr(k_multiple_head));
}

TEST(GraphUpgrade, B27Heads) {
  const auto p = plan_upgrade(fixtures::branched(), {}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+a", "+b", "+c2", "+d2", "+c1", "+d1"));
  EXPECT_THAT(as_set(p.rows_after), (Rows{"d1", "d2"}));
}

TEST(GraphUpgrade, B28PlusOneFromABranchPoint) {
  EXPECT_THAT(error_of([&] { plan_upgrade(fixtures::branched(), {"b"}, "+1"); }), HasSubstr("Ambiguous walk"));
}

TEST(GraphUpgrade, B29BranchPlusOneFromTheOtherBranch) {
  const auto p = plan_upgrade(fixtures::branched(), {"d2"}, "c1branch@+1");
  EXPECT_THAT(steps(p), ElementsAre("+c1"));
  EXPECT_THAT(changes(p), ElementsAre("INSERT c1"));
  EXPECT_THAT(as_set(p.rows_after), (Rows{"c1", "d2"}));
}

// --- Fixture M: merge point -------------------------------------------------------

TEST(GraphUpgrade, M1ThroughTheMerge) {
  const auto p = plan_upgrade(fixtures::merged(), {"b"}, "f");
  EXPECT_THAT(steps(p), ElementsAre("+c2", "+d2", "+c1", "+d1", "+e", "+f"));
  ASSERT_EQ(p.steps.size(), 6u);
  EXPECT_THAT(changes(p.steps[0]), ElementsAre("UPDATE b->c2"));
  EXPECT_THAT(changes(p.steps[1]), ElementsAre("UPDATE c2->d2"));
  EXPECT_THAT(changes(p.steps[2]), ElementsAre("INSERT c1"));
  EXPECT_THAT(changes(p.steps[3]), ElementsAre("UPDATE c1->d1"));
  expect_two_way_merge(p.steps[4], "d1", "d2", "e");
  EXPECT_THAT(changes(p.steps[5]), ElementsAre("UPDATE e->f"));
  EXPECT_THAT(p.rows_after, ElementsAre("f"));
}

TEST(GraphUpgrade, M3MergeWithAnUnappliedSibling) {
  const auto p = plan_upgrade(fixtures::merged(), {"d1"}, "e");
  EXPECT_THAT(steps(p), ElementsAre("+c2", "+d2", "+e"));
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_THAT(changes(p.steps[0]), ElementsAre("INSERT c2"));
  EXPECT_THAT(changes(p.steps[1]), ElementsAre("UPDATE c2->d2"));
  expect_two_way_merge(p.steps[2], "d1", "d2", "e");
  EXPECT_THAT(p.rows_after, ElementsAre("e"));
}

// --- Fixture X / X3: branch from a merge point ------------------------------------

RevisionMap branch_from_merge() {
  return graph({{"a1"}, {"b1", {"a1"}}, {"c1", {"b1"}}, {"a2"}, {"b2", {"a2"}}, {"c2", {"b2"}},
                {"d1", {"c1", "c2"}}, {"d2", {"c2"}}});
}

TEST(GraphUpgrade, X1ImpliedParentIsNoMerge) {
  const auto p = plan_upgrade(branch_from_merge(), {"d2", "b1"}, "d1");
  EXPECT_THAT(steps(p), ElementsAre("+c1", "+d1"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE b1->c1", "UPDATE c1->d1"));
  EXPECT_THAT(as_set(p.rows_after), (Rows{"d1", "d2"}));
}

TEST(GraphUpgrade, X3Heads) {
  const auto p = plan_upgrade(branch_from_merge(), {}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+a2", "+b2", "+c2", "+d2", "+a1", "+b1", "+c1", "+d1"));
  EXPECT_THAT(as_set(p.rows_after), (Rows{"d1", "d2"}));
}

RevisionMap three_way() {
  return graph({{"a1"}, {"b1", {"a1"}}, {"c1", {"b1"}}, {"a2"}, {"b2", {"a2"}}, {"c2", {"b2"}},
                {"a3"}, {"b3", {"a3"}}, {"c3", {"b3"}}, {"d1", {"c1", "c2", "c3"}}, {"d2", {"c2"}},
                {"d3", {"c3"}}});
}

TEST(GraphUpgrade, T1OneSideOfAThreeWayMerge) {
  const auto p = plan_upgrade(three_way(), {"d3", "d2", "b1"}, "d1");
  EXPECT_THAT(steps(p), ElementsAre("+c1", "+d1"));
  EXPECT_THAT(as_set(p.rows_after), (Rows{"d1", "d2", "d3"}));
}

TEST(GraphUpgrade, T3T4TwoMissingSides) {
  const auto map = three_way();
  const auto p = plan_upgrade(map, {"d3", "b2", "b1"}, "d1");
  EXPECT_THAT(steps(p), ElementsAre("+c2", "+c1", "+d1"));
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_THAT(changes(p.steps[0]), ElementsAre("UPDATE b2->c2"));
  EXPECT_THAT(changes(p.steps[1]), ElementsAre("UPDATE b1->c1"));
  expect_two_way_merge(p.steps[2], "c1", "c2", "d1");  // c3 is implied by d3
  EXPECT_THAT(as_set(p.rows_after), (Rows{"d1", "d3"}));

  const auto t4 = plan_upgrade(map, {"d3", "d1"}, "d2");
  EXPECT_THAT(steps(t4), ElementsAre("+d2"));
  EXPECT_THAT(changes(t4), ElementsAre("INSERT d2"));
  EXPECT_THAT(as_set(t4.rows_after), (Rows{"d1", "d2", "d3"}));
}

// --- Fixture W: twin merges -------------------------------------------------------

TEST(GraphUpgrade, W1TwinMerges) {
  const auto map = graph({{"a"}, {"b1", {"a"}}, {"b2", {"a"}}, {"b3", {"a"}}, {"c1", {"b1", "b2", "b3"}},
                          {"c2", {"b1", "b2", "b3"}}, {"d1", {"c1"}}, {"d2", {"c2"}}});
  const auto p = plan_upgrade(map, {"a"}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+b3", "+b2", "+b1", "+c2", "+d2", "+c1", "+d1"));
  EXPECT_THAT(rows_per_step(p), ElementsAre(Rows{"b3"}, (Rows{"b2", "b3"}), (Rows{"b1", "b2", "b3"}), Rows{"c2"},
                                            Rows{"d2"}, (Rows{"c1", "d2"}), (Rows{"d1", "d2"})));
  ASSERT_EQ(p.steps.size(), 7u);
  EXPECT_EQ(count_kind(p.steps[3], Kind::remove), 2u);
  EXPECT_EQ(count_kind(p.steps[3], Kind::update), 1u);
  EXPECT_THAT(changes(p.steps[5]), ElementsAre("INSERT c1"));
}

TEST(GraphUpgrade, W4NotQuiteTwinMerges) {
  const auto map = graph({{"a"}, {"b1", {"a"}}, {"b2", {"a"}}, {"b3", {"a"}}, {"c1", {"b1", "b2"}},
                          {"c2", {"b2", "b3"}}, {"d1", {"c1"}}, {"d2", {"c2"}}});
  const auto p = plan_upgrade(map, {"a"}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+b2", "+b3", "+c2", "+d2", "+b1", "+c1", "+d1"));
  EXPECT_THAT(rows_per_step(p), ElementsAre(Rows{"b2"}, (Rows{"b2", "b3"}), Rows{"c2"}, Rows{"d2"},
                                            (Rows{"b1", "d2"}), (Rows{"c1", "d2"}), (Rows{"d1", "d2"})));
  ASSERT_EQ(p.steps.size(), 7u);
  EXPECT_THAT(changes(p.steps[5]), ElementsAre("UPDATE b1->c1"));
}

// --- Fixture F: forests ------------------------------------------------------------

TEST(GraphUpgrade, F1LaterLoadedHeadRunsFirst) {
  const auto p = plan_upgrade(fixtures::forest(), {}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+a2", "+b2", "+a1", "+b1"));
  EXPECT_THAT(changes(p), ElementsAre("INSERT a2", "UPDATE a2->b2", "INSERT a1", "UPDATE a1->b1"));
  EXPECT_THAT(as_set(p.rows_after), (Rows{"b1", "b2"}));
}

TEST(GraphUpgrade, F4HeadWithTwoRoots) {
  EXPECT_THAT(error_of([&] { plan_upgrade(fixtures::forest(), {}, "head"); }), HasSubstr(k_multiple_head));
}

TEST(GraphUpgrade, F12MultipleBasesFromTheMiddle) {
  const auto map = graph({{"base1"}, {"base2"}, {"base3"}, {"a1a", {"base1"}}, {"a1b", {"base1"}},
                          {"a2", {"base2"}}, {"a3", {"base3"}}, {"b1a", {"a1a"}}, {"b1b", {"a1b"}},
                          {"b2", {"a2"}}, {"b3", {"a3"}}, {"c2", {"b2"}}, {"d2", {"c2"}},
                          {"mergeb3d2", {"b3", "d2"}}});
  const auto p = plan_upgrade(map, {"c2"}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+d2", "+base3", "+a3", "+b3", "+mergeb3d2", "+base1", "+a1b", "+b1b",
                                    "+a1a", "+b1a"));
  EXPECT_THAT(as_set(p.rows_after), (Rows{"b1a", "b1b", "mergeb3d2"}));
}

// --- Fixture G: labels ---------------------------------------------------------------

TEST(GraphUpgrade, G17Heads) {
  const auto p = plan_upgrade(fixtures::labeled(), {}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+d", "+e", "+someothername", "+f", "+a", "+b", "+somelongername", "+c"));
}

TEST(GraphUpgrade, G18PlusOneWithTwoBases) {
  const auto map = fixtures::labeled();
  EXPECT_THAT(steps(plan_upgrade(map, {}, "ebranch@+1")), ElementsAre("+d"));
  EXPECT_THAT(error_of([&] { plan_upgrade(map, {}, "+1"); }), HasSubstr("Ambiguous walk"));
}

TEST(GraphUpgrade, G19BranchPlusTwoFromAnotherLine) {
  const auto p = plan_upgrade(fixtures::labeled(), {"e"}, "abranch@+2");
  EXPECT_THAT(steps(p), ElementsAre("+a", "+b"));
  EXPECT_THAT(as_set(p.rows_after), (Rows{"b", "e"}));
}

RevisionMap fork_above_label() {
  return graph({{"r1"}, {"r2", {"r1"}}, {"r3", {"r2"}, {"lbl"}}, {"r4", {"r3"}}, {"r5a", {"r4"}}, {"r5b", {"r4"}}});
}

TEST(GraphUpgrade, G31LabelHeadWithTwoHeads) {
  EXPECT_THAT(error_of([&] { plan_upgrade(fork_above_label(), {}, "lbl@head"); }),
              HasSubstr("Multiple head revisions are present for given argument 'lbl@head'; please specify a "
                        "specific target revision, '<branchname>@lbl@head' to narrow to a specific head, or "
                        "'heads' for all heads"));
}

TEST(GraphUpgrade, G32LabelHeads) {
  const auto p = plan_upgrade(fork_above_label(), {}, "lbl@heads");
  EXPECT_THAT(steps(p), ElementsAre("+r1", "+r2", "+r3", "+r4", "+r5b", "+r5a"));
  EXPECT_THAT(as_set(p.rows_after), (Rows{"r5a", "r5b"}));
}

// --- Fixture I -----------------------------------------------------------------------

TEST(GraphUpgrade, I7UpgradeToAMergeFromOneSide) {
  const auto map = graph({{"a1"}, {"a2", {"a1"}}, {"a3", {"a2"}}, {"b1", {"a3"}}, {"b2", {"a3"}}, {"cb1", {"b1"}},
                          {"cb2", {"b2"}}, {"db1", {"cb1"}}, {"db2", {"cb2"}}, {"e1b1", {"db1"}},
                          {"fe1b1", {"e1b1"}}, {"e2b1", {"db1"}}, {"e2b2", {"db2"}}, {"merge", {"e2b1", "e2b2"}}});
  const auto p = plan_upgrade(map, {"db1"}, "merge");
  EXPECT_THAT(steps(p), ElementsAre("+b2", "+cb2", "+db2", "+e2b2", "+e2b1", "+merge"));
  EXPECT_THAT(p.rows_after, ElementsAre("merge"));
}

// --- Fixture C: the CLI session ----------------------------------------------------------

TEST(GraphUpgrade, C5C6HeadsOfTheSession) {
  const auto map = graph(fixtures::session_base());
  EXPECT_THAT(error_of([&] { plan_upgrade(map, {}, "head"); }), HasSubstr(k_multiple_head));
  const auto p = plan_upgrade(map, {}, "heads");
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_EQ(p.steps[0].describe(), "upgrade  -> 1975ea83b712, create account table");
  EXPECT_EQ(p.steps[1].describe(), "upgrade 1975ea83b712 -> ae1027a6acf, add a column");
  EXPECT_EQ(p.steps[2].describe(), "upgrade 1975ea83b712 -> 27c6a30d7c24, add shopping cart table");
  EXPECT_EQ(as_set(p.rows_after), (Rows{"27c6a30d7c24", "ae1027a6acf"}));
}

TEST(GraphUpgrade, C9PrefixTargetsOneBranchAtATime) {
  const auto map = graph(fixtures::session_base());
  const auto first = plan_upgrade(map, {}, "27c6a");
  EXPECT_THAT(steps(first), ElementsAre("+1975ea83b712", "+27c6a30d7c24"));
  const auto second = plan_upgrade(map, first.rows_after, "ae102");
  ASSERT_EQ(second.steps.size(), 1u);
  EXPECT_EQ(second.steps[0].describe(), "upgrade 1975ea83b712 -> ae1027a6acf, add a column");
  EXPECT_THAT(changes(second), ElementsAre("INSERT ae1027a6acf"));
}

TEST(GraphUpgrade, C11MergeStepText) {
  auto spec = fixtures::session_base();
  spec.push_back(fixtures::session_merge());
  const auto p = plan_upgrade(graph(spec), {"ae1027a6acf", "27c6a30d7c24"}, "head");
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].describe(), "upgrade ae1027a6acf, 27c6a30d7c24 -> 53fffde5ad5, merge ae1 and 27c");
  expect_two_way_merge(p.steps[0], "ae1027a6acf", "27c6a30d7c24", "53fffde5ad5");
  EXPECT_THAT(p.rows_after, ElementsAre("53fffde5ad5"));
}

TEST(GraphUpgrade, C19HeadsWithANewDependentRoot) {
  // Alembic 1.8.1 (checked): the dependency-only root 2a95 UPDATEs its
  // dependency's row ae10 (§8: a base with a dependency is a child of it).
  const auto p = plan_upgrade(fixtures::session_full(), {"ae1027a6acf"}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+27c6a30d7c24", "+2a95102259be", "+55af2cb1c267", "+53fffde5ad5"));
  ASSERT_EQ(p.steps.size(), 4u);
  EXPECT_THAT(changes(p.steps[0]), ElementsAre("INSERT 27c6a30d7c24"));
  EXPECT_THAT(changes(p.steps[1]), ElementsAre("UPDATE ae1027a6acf->2a95102259be"));
  EXPECT_EQ(p.steps[1].describe(false), "upgrade  -> 2a95102259be");
  expect_two_way_merge(p.steps[2], "2a95102259be", "27c6a30d7c24", "55af2cb1c267");
  EXPECT_THAT(changes(p.steps[3]), ElementsAre("INSERT 53fffde5ad5"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"53fffde5ad5", "55af2cb1c267"}));
}

TEST(GraphUpgrade, C22UpgradeToAnAncestorDoesNothing) {
  const auto p = plan_upgrade(fixtures::session_full(), {"55af2cb1c267", "53fffde5ad5"}, "1975");
  EXPECT_THAT(p.steps, IsEmpty());
  EXPECT_THAT(p.rows_after, ElementsAre("55af2cb1c267", "53fffde5ad5"));
}

}  // namespace
}  // namespace retort
