// Downgrade plans: targets, branches, relative steps, order and rows
// (ALEMBIC.md §4.4, §5, §7, §8; ALEMBIC-SCENARIOS.md fixtures L, B, M, X, X3,
// W, F, G, C). Dependency cases live in graph_depends_test.cpp.

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
using Kind = VersionChange::Kind;

const std::string k_ambiguous_minus_one =
    "downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release.";

// --- Fixture L --------------------------------------------------------------------

TEST(GraphDowngrade, L12ToAnAncestor) {
  const auto p = plan_downgrade(fixtures::linear(), {"e"}, "c");
  EXPECT_THAT(steps(p), ElementsAre("-e", "-d"));
  EXPECT_THAT(p.rows_after, ElementsAre("c"));
}

TEST(GraphDowngrade, L13ToBaseKeepsNothing) {
  const auto p = plan_downgrade(fixtures::linear(), {"c"}, "base");
  EXPECT_THAT(steps(p), ElementsAre("-c", "-b", "-a"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE c->b", "UPDATE b->a", "DELETE a"));
  EXPECT_THAT(p.rows_after, IsEmpty());
}

TEST(GraphDowngrade, L14L15MinusN) {
  const auto map = fixtures::linear();
  const auto one = plan_downgrade(map, {"c"}, "-1");
  EXPECT_THAT(steps(one), ElementsAre("-c"));
  EXPECT_THAT(changes(one), ElementsAre("UPDATE c->b"));
  EXPECT_THAT(one.rows_after, ElementsAre("b"));
  EXPECT_THAT(one.warnings, IsEmpty());
  const auto three = plan_downgrade(map, {"e"}, "-3");
  EXPECT_THAT(steps(three), ElementsAre("-e", "-d", "-c"));
  EXPECT_THAT(three.rows_after, ElementsAre("b"));
}

TEST(GraphDowngrade, L16L17L26SymbolRelative) {
  const auto map = fixtures::linear();
  const auto l16 = plan_downgrade(map, {"d"}, "a+2");
  EXPECT_THAT(steps(l16), ElementsAre("-d"));
  EXPECT_THAT(l16.rows_after, ElementsAre("c"));
  const auto l17 = plan_downgrade(map, {"d"}, "c-2");
  EXPECT_THAT(steps(l17), ElementsAre("-d", "-c", "-b"));
  EXPECT_THAT(l17.rows_after, ElementsAre("a"));
  const auto l26 = plan_downgrade(map, {"d"}, "base+1");
  EXPECT_THAT(steps(l26), ElementsAre("-d", "-c", "-b"));
  EXPECT_THAT(l26.rows_after, ElementsAre("a"));
}

TEST(GraphDowngrade, L18L19L27L28RelativeErrors) {
  const auto map = fixtures::linear();
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {"b"}, "-5"); }),
              HasSubstr("Relative revision -5 didn't produce 5 migrations"));
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {"b"}, "+2"); }),
              HasSubstr("Relative revision +2 didn't produce 2 migrations"));
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {"d"}, "base+9"); }), HasSubstr("Walked too far"));
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {"d"}, "c-9"); }), HasSubstr("Walked too far"));
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {"d"}, "-0"); }),
              HasSubstr("Relative revision -0 didn't produce 0 migrations"));
}

TEST(GraphDowngrade, L20L21NotAValidTargetEchoesThePrefix) {
  const auto map = graph({{"1a2b3c4d5e6f"}, {"2b3c4d5e6f7a", {"1a2b3c4d5e6f"}}, {"3c4d5e6f7a8b", {"2b3c4d5e6f7a"}}});
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {}, "2b3"); }),
              HasSubstr("Destination 2b3 is not a valid downgrade target from current head(s)"));
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {"2b3c4d5e6f7a"}, "3c4d"); }),
              HasSubstr("Destination 3c4d is not a valid downgrade target from current head(s)"));
}

TEST(GraphDowngrade, L22L23NothingToDo) {
  const auto map = fixtures::linear();
  EXPECT_THAT(plan_downgrade(map, {}, "base").steps, IsEmpty());
  const auto at_a = plan_downgrade(map, {"a"}, "a");
  EXPECT_THAT(at_a.steps, IsEmpty());
  EXPECT_THAT(at_a.rows_after, ElementsAre("a"));
  const auto at_e = plan_downgrade(map, {"e"}, "e");
  EXPECT_THAT(at_e.steps, IsEmpty());
  EXPECT_THAT(at_e.rows_after, ElementsAre("e"));
}

TEST(GraphDowngrade, UnknownTargetIsCantLocate) {
  const std::string msg = error_of([&] { plan_downgrade(fixtures::branched(), {"d1", "d2"}, "zzzz"); });
  EXPECT_THAT(msg, HasSubstr("Can't locate revision identified by 'zzzz'"));
}

TEST(GraphDowngrade, HeadsWithSeveralHeads) {
  // §4.2: the raw destination text is the argument.
  EXPECT_THAT(error_of([&] { plan_downgrade(fixtures::branched(), {"d1", "d2"}, "heads"); }),
              HasSubstr("Multiple head revisions are present for given argument 'heads'; please specify a "
                        "specific target revision, '<branchname>@heads' to narrow to a specific head, or "
                        "'heads' for all heads"));
}

TEST(GraphDowngrade, BranchFilterLeavingNoRoot) {
  // §7 step 2 (checked with Alembic 1.8.1): a@b, both of b's children are
  // above a.
  EXPECT_THAT(error_of([&] { plan_downgrade(fixtures::branched(), {"d1", "d2"}, "a@b"); }),
              HasSubstr("Not a valid downgrade target from current heads"));
}

// --- Fixture B ----------------------------------------------------------------------

TEST(GraphDowngrade, B3BothBranchesRowTrace) {
  // §8.2 worked trace.
  const auto p = plan_downgrade(fixtures::branched(), {"d1", "d2"}, "a");
  EXPECT_THAT(steps(p), ElementsAre("-d1", "-c1", "-d2", "-c2", "-b"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE d1->c1", "DELETE c1", "UPDATE d2->c2", "UPDATE c2->b", "UPDATE b->a"));
  EXPECT_THAT(rows_per_step(p), ElementsAre((Rows{"c1", "d2"}), Rows{"d2"}, Rows{"c2"}, Rows{"b"}, Rows{"a"}));
  EXPECT_EQ(p.steps[0].describe(), "downgrade d1 -> c1");
}

TEST(GraphDowngrade, B5B6B7BaseRelative) {
  const auto map = fixtures::branched();
  const auto b5 = plan_downgrade(map, {"d2", "d1"}, "base+2");
  EXPECT_THAT(steps(b5), ElementsAre("-d1", "-c1", "-d2", "-c2"));
  EXPECT_THAT(b5.rows_after, ElementsAre("b"));
  const auto b6 = plan_downgrade(map, {"d2", "d1"}, "c2branch@base+2");
  EXPECT_THAT(steps(b6), ElementsAre("-d2", "-c2"));
  EXPECT_THAT(b6.rows_after, ElementsAre("d1"));
  for (const char* target : {"c2", "c2branch@base+3"}) {
    const auto b7 = plan_downgrade(map, {"d2", "d1"}, target);
    EXPECT_THAT(steps(b7), ElementsAre("-d2")) << target;
    EXPECT_EQ(as_set(b7.rows_after), (Rows{"c2", "d1"})) << target;
  }
}

// B8-B11: Alembic takes the first row the database returns; retort
// deliberately takes the smallest id (the first row of a primary-key-ordered
// read, as the recorded oracle's runs read them), so the row order given
// does not matter.
TEST(GraphDowngrade, B8B10MinusOneFromTwoHeadsPicksTheSmallestId) {
  const auto map = fixtures::branched();
  for (const auto& rows : {std::vector<std::string>{"d2", "d1"}, std::vector<std::string>{"d1", "d2"}}) {
    const auto p = plan_downgrade(map, rows, "-1");
    EXPECT_THAT(steps(p), ElementsAre("-d1"));
    EXPECT_EQ(as_set(p.rows_after), (Rows{"c1", "d2"}));
    EXPECT_THAT(p.warnings, ElementsAre(k_ambiguous_minus_one));
  }
}

TEST(GraphDowngrade, B9MinusOneFromC2AndD1) {
  const auto map = fixtures::branched();
  for (const auto& rows : {std::vector<std::string>{"c2", "d1"}, std::vector<std::string>{"d1", "c2"}}) {
    const auto p = plan_downgrade(map, rows, "-1");
    EXPECT_THAT(steps(p), ElementsAre("-c2"));
    EXPECT_THAT(changes(p), ElementsAre("DELETE c2"));
    EXPECT_EQ(as_set(p.rows_after), (Rows{"d1"}));
    EXPECT_THAT(p.warnings, ElementsAre(k_ambiguous_minus_one));
  }
}

TEST(GraphDowngrade, B11MinusOneFromC1AndD2) {
  const auto map = fixtures::branched();
  for (const auto& rows : {std::vector<std::string>{"c1", "d2"}, std::vector<std::string>{"d2", "c1"}}) {
    const auto p = plan_downgrade(map, rows, "-1");
    EXPECT_THAT(steps(p), ElementsAre("-c1"));
    EXPECT_THAT(changes(p), ElementsAre("DELETE c1"));
    EXPECT_THAT(p.rows_after, ElementsAre("d2"));
    EXPECT_THAT(p.warnings, ElementsAre(k_ambiguous_minus_one));
  }
}

TEST(GraphDowngrade, BranchPlusOneIsNoDowngrade) {
  // §4.4: downgrade <b>@+N fails like +N.
  EXPECT_THAT(error_of([&] { plan_downgrade(fixtures::branched(), {"d1", "d2"}, "c1branch@+1"); }),
              HasSubstr("Relative revision +1 didn't produce 1 migrations"));
}

TEST(GraphDowngrade, B12BranchMinusOneWarnsNot) {
  const auto p = plan_downgrade(fixtures::branched(), {"d1", "d2"}, "c1branch@-1");
  EXPECT_THAT(steps(p), ElementsAre("-d1"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"c1", "d2"}));
  EXPECT_THAT(p.warnings, IsEmpty());
}

TEST(GraphDowngrade, B13SymbolMinusOneInEitherRowOrder) {
  const auto map = fixtures::branched();
  for (const auto& rows : {std::vector<std::string>{"d2", "c1"}, std::vector<std::string>{"c1", "d2"}}) {
    const auto p = plan_downgrade(map, rows, "d2-1");
    EXPECT_THAT(steps(p), ElementsAre("-d2"));
    EXPECT_EQ(as_set(p.rows_after), (Rows{"c1", "c2"}));
  }
}

TEST(GraphDowngrade, BranchQualifiedSymbolMinusN) {
  const auto p = plan_downgrade(fixtures::branched(), {"d1", "d2"}, "c2branch@d2-1");
  EXPECT_THAT(steps(p), ElementsAre("-d2"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"c2", "d1"}));
}

TEST(GraphDowngrade, B14ToB17BranchQualifiedTargets) {
  const auto map = fixtures::branched();
  const auto b14 = plan_downgrade(map, {"c1", "d2"}, "c1branch@b");
  EXPECT_THAT(steps(b14), ElementsAre("-c1"));
  EXPECT_THAT(b14.rows_after, ElementsAre("d2"));
  const auto b15 = plan_downgrade(map, {"c1", "d2"}, "c2branch@b");
  EXPECT_THAT(steps(b15), ElementsAre("-d2", "-c2"));
  EXPECT_THAT(b15.rows_after, ElementsAre("c1"));
  const auto b16 = plan_downgrade(map, {"d1", "d2"}, "c2@b");
  EXPECT_THAT(steps(b16), ElementsAre("-d2", "-c2"));
  EXPECT_THAT(b16.rows_after, ElementsAre("d1"));
  const auto b17 = plan_downgrade(map, {"d1", "d2"}, "d1@b");
  EXPECT_THAT(steps(b17), ElementsAre("-d1", "-c1"));
  EXPECT_THAT(b17.rows_after, ElementsAre("d2"));
}

TEST(GraphDowngrade, B18LabelHeadMinusOne) {
  const auto p = plan_downgrade(fixtures::branched(), {"d1", "d2"}, "c1branch@head-1");
  EXPECT_THAT(steps(p), ElementsAre("-d1"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"c1", "d2"}));
}

TEST(GraphDowngrade, B23B24MinusOneAtTheRootAndFromNothing) {
  const auto map = fixtures::branched();
  const auto p = plan_downgrade(map, {"a"}, "-1");
  EXPECT_THAT(steps(p), ElementsAre("-a"));
  EXPECT_THAT(changes(p), ElementsAre("DELETE a"));
  EXPECT_THAT(p.rows_after, IsEmpty());
  EXPECT_EQ(p.steps[0].describe(), "downgrade a -> ");
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {}, "-1"); }),
              HasSubstr("Relative revision -1 didn't produce 1 migrations"));
}

TEST(GraphDowngrade, B25TargetIsACurrentRowOrItsSibling) {
  const auto map = fixtures::branched();
  for (const char* target : {"c2", "d1"}) {
    const auto p = plan_downgrade(map, {"d1", "c2"}, target);
    EXPECT_THAT(p.steps, IsEmpty()) << target;
    EXPECT_THAT(p.rows_after, ElementsAre("d1", "c2")) << target;
  }
}

TEST(GraphDowngrade, B30LabelBaseOfASharedRootRemovesEverything) {
  const auto p = plan_downgrade(fixtures::branched(), {"d1", "d2"}, "c1branch@base");
  EXPECT_THAT(steps(p), ElementsAre("-d1", "-c1", "-d2", "-c2", "-b", "-a"));
  EXPECT_THAT(p.rows_after, IsEmpty());
}

// --- Fixture M ------------------------------------------------------------------------

TEST(GraphDowngrade, M2ThroughTheMerge) {
  const auto p = plan_downgrade(fixtures::merged(), {"f"}, "b");
  EXPECT_THAT(steps(p), ElementsAre("-f", "-e", "-d1", "-c1", "-d2", "-c2"));
  ASSERT_EQ(p.steps.size(), 6u);
  EXPECT_THAT(changes(p.steps[0]), ElementsAre("UPDATE f->e"));
  // Unmerge: INSERT one parent, UPDATE e to the other.
  const Step& unmerge = p.steps[1];
  ASSERT_EQ(unmerge.changes.size(), 2u);
  EXPECT_EQ(count_kind(unmerge, Kind::insert), 1u);
  EXPECT_EQ(count_kind(unmerge, Kind::update), 1u);
  EXPECT_EQ(as_set(unmerge.rows_after), (Rows{"d1", "d2"}));
  EXPECT_EQ(unmerge.describe(), "downgrade e -> d1, d2");
  EXPECT_THAT(changes(p.steps[2]), ElementsAre("UPDATE d1->c1"));
  EXPECT_THAT(changes(p.steps[3]), ElementsAre("DELETE c1"));
  EXPECT_THAT(changes(p.steps[4]), ElementsAre("UPDATE d2->c2"));
  EXPECT_THAT(changes(p.steps[5]), ElementsAre("UPDATE c2->b"));
  EXPECT_THAT(p.rows_after, ElementsAre("b"));
}

TEST(GraphDowngrade, M4M5IntoOneSideOfTheMerge) {
  const auto map = fixtures::merged();
  const auto m4 = plan_downgrade(map, {"e"}, "d1");
  EXPECT_THAT(steps(m4), ElementsAre("-e"));
  EXPECT_EQ(as_set(m4.rows_after), (Rows{"d1", "d2"}));
  const auto m5 = plan_downgrade(map, {"e"}, "c1");
  EXPECT_THAT(steps(m5), ElementsAre("-e", "-d1"));
  EXPECT_EQ(as_set(m5.rows_after), (Rows{"c1", "d2"}));
}

TEST(GraphDowngrade, M6MinusNBelowAMergeIsAmbiguous) {
  const auto map = fixtures::merged();
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {"e"}, "-1"); }), HasSubstr("Ambiguous walk"));
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {"f"}, "-2"); }), HasSubstr("Ambiguous walk"));
}

// --- Fixtures X, X3, W ---------------------------------------------------------------------

TEST(GraphDowngrade, X2ParentStillImpliedByAnotherRow) {
  const auto map = graph({{"a1"}, {"b1", {"a1"}}, {"c1", {"b1"}}, {"a2"}, {"b2", {"a2"}}, {"c2", {"b2"}},
                          {"d1", {"c1", "c2"}}, {"d2", {"c2"}}});
  const auto p = plan_downgrade(map, {"d2", "d1"}, "b1");
  EXPECT_THAT(steps(p), ElementsAre("-d1", "-c1"));
  EXPECT_THAT(changes(p), ElementsAre("UPDATE d1->c1", "UPDATE c1->b1"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"b1", "d2"}));

  const auto x4 = plan_downgrade(map, {"d1", "d2"}, "base");
  EXPECT_THAT(steps(x4), ElementsAre("-d1", "-c1", "-b1", "-a1", "-d2", "-c2", "-b2", "-a2"));
  EXPECT_THAT(x4.rows_after, IsEmpty());
}

TEST(GraphDowngrade, T2OneSideOfAThreeWayMerge) {
  const auto map = graph({{"a1"}, {"b1", {"a1"}}, {"c1", {"b1"}}, {"a2"}, {"b2", {"a2"}}, {"c2", {"b2"}},
                          {"a3"}, {"b3", {"a3"}}, {"c3", {"b3"}}, {"d1", {"c1", "c2", "c3"}}, {"d2", {"c2"}},
                          {"d3", {"c3"}}});
  const auto p = plan_downgrade(map, {"d3", "d2", "d1"}, "b1");
  EXPECT_THAT(steps(p), ElementsAre("-d1", "-c1"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"b1", "d2", "d3"}));
}

TEST(GraphDowngrade, W3TwinMerges) {
  const auto map = graph({{"a"}, {"b1", {"a"}}, {"b2", {"a"}}, {"b3", {"a"}}, {"c1", {"b1", "b2", "b3"}},
                          {"c2", {"b1", "b2", "b3"}}, {"d1", {"c1"}}, {"d2", {"c2"}}});
  const auto p = plan_downgrade(map, {"d1", "d2"}, "a");
  EXPECT_THAT(steps(p), ElementsAre("-d1", "-c1", "-d2", "-c2", "-b1", "-b2", "-b3"));
  ASSERT_EQ(p.steps.size(), 7u);
  EXPECT_THAT(changes(p.steps[1]), ElementsAre("DELETE c1"));
  EXPECT_EQ(count_kind(p.steps[3], Kind::insert), 2u);
  EXPECT_EQ(count_kind(p.steps[3], Kind::update), 1u);
  EXPECT_EQ(p.steps[3].changes.size(), 3u);
  EXPECT_EQ(as_set(p.steps[3].rows_after), (Rows{"b1", "b2", "b3"}));
  EXPECT_THAT(changes(p.steps[4]), ElementsAre("DELETE b1"));
  EXPECT_THAT(changes(p.steps[5]), ElementsAre("DELETE b2"));
  EXPECT_THAT(changes(p.steps[6]), ElementsAre("UPDATE b3->a"));
  EXPECT_THAT(p.rows_after, ElementsAre("a"));
}

TEST(GraphDowngrade, W5NotQuiteTwinMerges) {
  const auto map = graph({{"a"}, {"b1", {"a"}}, {"b2", {"a"}}, {"b3", {"a"}}, {"c1", {"b1", "b2"}},
                          {"c2", {"b2", "b3"}}, {"d1", {"c1"}}, {"d2", {"c2"}}});
  const auto p = plan_downgrade(map, {"d1", "d2"}, "a");
  EXPECT_THAT(steps(p), ElementsAre("-d1", "-c1", "-b1", "-d2", "-c2", "-b3", "-b2"));
  ASSERT_EQ(p.steps.size(), 7u);
  EXPECT_THAT(changes(p.steps[1]), ElementsAre("UPDATE c1->b1"));
  EXPECT_THAT(p.rows_after, ElementsAre("a"));
}

// --- Fixtures F, G -------------------------------------------------------------------------

TEST(GraphDowngrade, F5BaseOfAForest) {
  const auto p = plan_downgrade(fixtures::forest(), {"b1", "b2"}, "base");
  EXPECT_THAT(steps(p), ElementsAre("-b1", "-a1", "-b2", "-a2"));
  EXPECT_THAT(p.rows_after, IsEmpty());
}

TEST(GraphDowngrade, F6MinusOneInAForestPicksTheSmallestId) {
  const auto map = fixtures::forest();
  for (const auto& rows : {std::vector<std::string>{"b1", "b2"}, std::vector<std::string>{"b2", "b1"}}) {
    const auto p = plan_downgrade(map, rows, "-1");
    EXPECT_THAT(steps(p), ElementsAre("-b1"));
    EXPECT_EQ(as_set(p.rows_after), (Rows{"a1", "b2"}));
    EXPECT_THAT(p.warnings, ElementsAre(k_ambiguous_minus_one));
  }
}

TEST(GraphDowngrade, G20G21G22LabelledLines) {
  const auto map = fixtures::labeled();
  const auto g20 = plan_downgrade(map, {"c", "f"}, "ebranch@base");
  EXPECT_THAT(steps(g20), ElementsAre("-f", "-someothername", "-e", "-d"));
  EXPECT_THAT(g20.rows_after, ElementsAre("c"));
  const auto g21 = plan_downgrade(map, {"c", "f"}, "ebranch@-1");
  EXPECT_THAT(steps(g21), ElementsAre("-f"));
  EXPECT_EQ(as_set(g21.rows_after), (Rows{"c", "someothername"}));
  const auto g22 = plan_downgrade(map, {"c", "f"}, "abranch@-2");
  EXPECT_THAT(steps(g22), ElementsAre("-c", "-somelongername"));
  EXPECT_EQ(as_set(g22.rows_after), (Rows{"b", "f"}));
}

// --- Fixture C ---------------------------------------------------------------------------

TEST(GraphDowngrade, C8MinusOneThreeTimes) {
  // Rows as `upgrade heads` left them: [ae10, 27c6]. retort steps down the
  // earlier-loaded 27c6 first (Alembic: the first database row, ae10).
  const auto map = graph(fixtures::session_base());
  const auto first = plan_downgrade(map, {"ae1027a6acf", "27c6a30d7c24"}, "-1");
  ASSERT_EQ(first.steps.size(), 1u);
  EXPECT_EQ(first.steps[0].describe(), "downgrade 27c6a30d7c24 -> 1975ea83b712, add shopping cart table");
  EXPECT_THAT(changes(first), ElementsAre("DELETE 27c6a30d7c24"));
  EXPECT_THAT(first.warnings, ElementsAre(k_ambiguous_minus_one));
  const auto second = plan_downgrade(map, first.rows_after, "-1");
  ASSERT_EQ(second.steps.size(), 1u);
  EXPECT_EQ(second.steps[0].describe(), "downgrade ae1027a6acf -> 1975ea83b712, add a column");
  EXPECT_THAT(second.rows_after, ElementsAre("1975ea83b712"));
  const auto third = plan_downgrade(map, second.rows_after, "-1");
  ASSERT_EQ(third.steps.size(), 1u);
  EXPECT_EQ(third.steps[0].describe(), "downgrade 1975ea83b712 -> , create account table");
  EXPECT_THAT(third.rows_after, IsEmpty());
}

TEST(GraphDowngrade, C12C13AtTheMerge) {
  auto spec = fixtures::session_base();
  spec.push_back(fixtures::session_merge());
  const auto map = graph(spec);
  EXPECT_THAT(error_of([&] { plan_downgrade(map, {"53fffde5ad5"}, "-1"); }), HasSubstr("Ambiguous walk"));
  const auto p = plan_downgrade(map, {"53fffde5ad5"}, "1975ea83b712");
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_EQ(p.steps[0].describe(), "downgrade 53fffde5ad5 -> ae1027a6acf, 27c6a30d7c24, merge ae1 and 27c");
  EXPECT_EQ(as_set({p.steps[1].revision, p.steps[2].revision}), (Rows{"ae1027a6acf", "27c6a30d7c24"}));
  EXPECT_THAT(p.rows_after, ElementsAre("1975ea83b712"));
}

TEST(GraphDowngrade, C21LabelMinusOneAtAMerge) {
  EXPECT_THAT(error_of([&] {
                plan_downgrade(fixtures::session_full(), {"55af2cb1c267", "53fffde5ad5"}, "shoppingcart@-1");
              }),
              HasSubstr("Ambiguous walk"));
}

TEST(GraphDowngrade, C23IdAtBaseRemovesItsTreeAndDependents) {
  const auto p = plan_downgrade(fixtures::session_full(), {"55af2cb1c267", "53fffde5ad5"}, "ae1027a6acf@base");
  EXPECT_EQ(as_set(steps(p)), (Rows{"-53fffde5ad5", "-55af2cb1c267", "-2a95102259be", "-ae1027a6acf",
                                    "-27c6a30d7c24", "-1975ea83b712"}));
  EXPECT_EQ(p.steps.size(), 6u);
  EXPECT_THAT(p.rows_after, IsEmpty());
}

}  // namespace
}  // namespace retort
