// Revision identifier resolution and graph queries (ALEMBIC.md §1.2, §2, §4;
// ALEMBIC-SCENARIOS.md fixtures P, G, Y8, D22, D2).

#include <retort/revision_map.hpp>

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

RevisionMap partial() {
  return graph({{"a1b2c3d4"}, {"a1b2ffff", {"a1b2c3d4"}}, {"c0ffee00", {"a1b2ffff"}}, {"d", {"c0ffee00"}}});
}

// --- Fixture P: partial identifiers --------------------------------------

TEST(GraphResolution, P2ThreeCharPrefixResolvesWhenUnique) {
  const auto map = partial();
  EXPECT_THAT(map.resolve("c0f"), ElementsAre("c0ffee00"));
  EXPECT_EQ(map.resolve_one("c0f"), "c0ffee00");
  EXPECT_EQ(map.resolve_one("c0ff"), "c0ffee00");
}

TEST(GraphResolution, P3AmbiguousPrefixRaw) {
  const auto map = partial();
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve("a1b2"); }),
            "Multiple revisions start with 'a1b2': 'a1b2c3d4', 'a1b2ffff'...");
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve_one("a1b"); }),
            "Multiple revisions start with 'a1b': 'a1b2c3d4', 'a1b2ffff'...");
  try {
    map.resolve("a1b2");
  } catch (const ResolutionError& e) {
    EXPECT_EQ(e.argument(), "a1b2");
  }
}

TEST(GraphResolution, AmbiguousPrefixListsAtMostThreeInMapOrder) {
  const auto map = graph({{"beef4"}, {"beef2", {"beef4"}}, {"beef3", {"beef2"}}, {"beef1", {"beef3"}}});
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve("beef"); }),
            "Multiple revisions start with 'beef': 'beef4', 'beef2', 'beef3'...");
}

TEST(GraphResolution, P4UnknownLongIdentifierRaw) {
  const auto map = partial();
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve("zzzzzz"); }), "No such revision or branch 'zzzzzz'");
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve_one("zzzz"); }), "No such revision or branch 'zzzz'");
}

TEST(GraphResolution, P5UnknownShortIdentifierRaw) {
  const auto map = partial();
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve("zz"); }),
            "No such revision or branch 'zz'; please ensure at least four characters are present for "
            "partial revision identifier matches");
  try {
    map.resolve_one("zz");
    ADD_FAILURE() << "expected ResolutionError";
  } catch (const ResolutionError& e) {
    EXPECT_EQ(e.argument(), "zz");
  }
}

TEST(GraphResolution, P6ExactShortIdMatches) {
  const auto map = partial();
  EXPECT_THAT(map.resolve("d"), ElementsAre("d"));
  EXPECT_EQ(map.resolve_one("d"), "d");
}

TEST(GraphResolution, ShortIdsAreNeverPrefixCandidates) {
  // "ab" is not an exact key; of the keys starting with it only the one
  // longer than three characters counts, so it is not ambiguous.
  const auto map = graph({{"abc"}, {"abcdef", {"abc"}}});
  EXPECT_EQ(map.resolve_one("ab"), "abcdef");
  EXPECT_EQ(map.resolve_one("abc"), "abc");
  EXPECT_EQ(error_of<ResolutionError>([&] { graph({{"abc"}}).resolve("ab"); }),
            "No such revision or branch 'ab'; please ensure at least four characters are present for "
            "partial revision identifier matches");
}

TEST(GraphResolution, P8DashNWalksDownFromTheHead) {
  const auto map = partial();
  EXPECT_THAT(map.resolve("-1"), ElementsAre("c0ffee00"));
  EXPECT_THAT(map.resolve("-2"), ElementsAre("a1b2ffff"));
  // -4 lands on the pseudo-revision "base", -5 walks off: both are nothing.
  EXPECT_THAT(map.resolve("-4"), IsEmpty());
  EXPECT_THAT(map.resolve("-5"), IsEmpty());
}

TEST(GraphResolution, DashNWalksFromEveryRealHead) {
  EXPECT_THAT(fixtures::branched().resolve("-1"), UnorderedElementsAre("c1", "c2"));
}

TEST(GraphResolution, P9PlusNAndSymbolRelativeAreNotIdentifiers) {
  const auto map = partial();
  for (const char* text : {"+1", "head-1"}) {
    try {
      map.resolve(text);
      ADD_FAILURE() << text << " resolved";
    } catch (const ResolutionError& e) {
      EXPECT_EQ(e.argument(), text);
      EXPECT_THAT(e.what(), HasSubstr(std::string("No such revision or branch '") + text + "'"));
    }
  }
}

TEST(GraphResolution, Y8IdsThatArePrefixesOfEachOther) {
  const auto map = graph({{"user_foo"}, {"user", {"user_foo"}}});
  EXPECT_THAT(map.heads(), ElementsAre("user"));
  EXPECT_EQ(map.resolve_one("user"), "user");
  EXPECT_EQ(map.resolve_one("user_foo"), "user_foo");
  EXPECT_EQ(map.resolve_one("head"), "user");
}

// --- Symbols -----------------------------------------------------------------

TEST(GraphResolution, HeadHeadsBaseOnASingleLine) {
  const auto map = fixtures::linear();
  EXPECT_EQ(map.resolve_one("head"), "e");
  EXPECT_EQ(map.resolve_one("heads"), "e");  // one real head
  EXPECT_EQ(map.resolve_one("base"), std::nullopt);
  EXPECT_THAT(map.resolve("base"), IsEmpty());
  EXPECT_THAT(map.resolve("heads"), ElementsAre("e"));
}

TEST(GraphResolution, EmptyMapResolvesHeadAndHeadsToNothing) {
  const RevisionMap map(std::vector<Revision>{});
  EXPECT_TRUE(map.empty());
  EXPECT_THAT(map.resolve("head"), IsEmpty());
  EXPECT_THAT(map.resolve("heads"), IsEmpty());
  EXPECT_EQ(map.resolve_one("head"), std::nullopt);
}

TEST(GraphResolution, HeadsAreRealHeadsInMapOrder) {
  EXPECT_THAT(fixtures::branched().resolve("heads"), ElementsAre("d1", "d2"));
  EXPECT_THAT(fixtures::forest().resolve("heads"), ElementsAre("b1", "b2"));
}

TEST(GraphResolution, EffectiveHeadMakesHeadAmbiguous) {
  // §4.1: roots x1 and y1, y1 depends_on x1.
  const auto map = graph({{"x1"}, {"y1", {}, {}, {"x1"}}});
  EXPECT_THAT(map.heads(), ElementsAre("x1", "y1"));
  EXPECT_THAT(map.real_heads(), ElementsAre("y1"));
  EXPECT_THAT(map.resolve("heads"), ElementsAre("y1"));
  try {
    map.resolve_one("head");
    ADD_FAILURE() << "head resolved";
  } catch (const MultipleHeadsError& e) {
    EXPECT_THAT(e.heads(), ElementsAre("x1", "y1"));
    EXPECT_EQ(e.argument(), "head");
    EXPECT_STREQ(e.what(), "Multiple heads are present for given argument 'head'; x1, y1");
  }
}

// --- Fixture G: labels -------------------------------------------------------

TEST(GraphResolution, G1BranchAtHead) {
  const auto map = fixtures::labeled();
  EXPECT_EQ(map.resolve_one("ebranch@head"), "f");
  EXPECT_EQ(map.resolve_one("abranch@head"), "c");
  EXPECT_EQ(map.resolve_one("abranch@heads"), "c");
  EXPECT_THAT(map.resolve("abranch@heads"), ElementsAre("c"));
}

TEST(GraphResolution, G2BranchAtBaseIsNothing) {
  const auto map = fixtures::labeled();
  EXPECT_EQ(map.resolve_one("abranch@base"), std::nullopt);
  EXPECT_THAT(map.resolve("abranch@base"), IsEmpty());
}

TEST(GraphResolution, G3LabelsNameTheDeclaringRevision) {
  const auto map = fixtures::labeled();
  EXPECT_EQ(map.resolve_one("ebranch@d"), "d");
  EXPECT_EQ(map.resolve_one("ebranch@ebranch"), "e");
  EXPECT_EQ(map.resolve_one("abranch"), "a");
  EXPECT_EQ(map.resolve_one("ebranch"), "e");
}

TEST(GraphResolution, G4BranchPartMayBeAnIdOrPrefix) {
  const auto map = fixtures::labeled();
  EXPECT_EQ(map.resolve_one("e@d"), "d");
  EXPECT_EQ(map.resolve_one("someoth@d"), "d");
  EXPECT_EQ(map.resolve_one("f@d"), "d");
}

TEST(GraphResolution, G5PrefixRestrictedToTheBranch) {
  const auto map = fixtures::labeled();
  EXPECT_EQ(map.resolve_one("ebranch@some"), "someothername");
  EXPECT_EQ(map.resolve_one("abranch@some"), "somelongername");
}

TEST(GraphResolution, G6AmbiguousPrefixWithoutBranch) {
  const auto map = fixtures::labeled();
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve_one("some"); }),
            "Multiple revisions start with 'some': 'somelongername', 'someothername'...");
}

TEST(GraphResolution, G7PrefixOfABranchLabel) {
  const auto map = fixtures::labeled();
  EXPECT_EQ(map.resolve_one("ebra"), "e");
  EXPECT_EQ(map.resolve_one("abra"), "a");
}

TEST(GraphResolution, G8NotAMemberOfBranch) {
  const auto map = fixtures::labeled();
  try {
    map.resolve_one("ebranch@b");
    ADD_FAILURE() << "resolved";
  } catch (const ResolutionError& e) {
    EXPECT_STREQ(e.what(), "Revision b is not a member of branch 'ebranch'");
    EXPECT_EQ(e.argument(), "b");  // what the CLI quotes
  }
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve_one("abranch@d"); }),
            "Revision d is not a member of branch 'abranch'");
}

TEST(GraphResolution, G9G10UnknownRevisionOnABranch) {
  const auto map = fixtures::labeled();
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve_one("abranch@qprstuv"); }),
            "No such revision or branch 'qprstuv'");
  const std::string short_msg =
      "; please ensure at least four characters are present for partial revision identifier matches";
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve_one("abranch@qpr"); }),
            "No such revision or branch 'qpr'" + short_msg);
  EXPECT_EQ(error_of<ResolutionError>([&] { map.resolve_one("ebranch@sos"); }),
            "No such revision or branch 'sos'" + short_msg);
}

TEST(GraphResolution, G11UnknownBranch) {
  const auto map = fixtures::labeled();
  try {
    map.resolve_one("x@d");
    ADD_FAILURE() << "resolved";
  } catch (const ResolutionError& e) {
    EXPECT_STREQ(e.what(), "No such branch: 'x'");
    EXPECT_EQ(e.argument(), "x");
  }
}

TEST(GraphResolution, G12MultipleHeadsRaw) {
  const auto map = fixtures::labeled();
  EXPECT_EQ(error_of<MultipleHeadsError>([&] { map.resolve_one("head"); }),
            "Multiple heads are present for given argument 'head'; c, f");
  EXPECT_EQ(error_of<MultipleHeadsError>([&] { map.resolve_one("heads"); }),
            "Multiple heads are present for given argument 'heads'; c, f");
}

TEST(GraphResolution, G13BranchRelativeFromLabelledHead) {
  const auto map = fixtures::labeled();
  EXPECT_THAT(map.resolve("ebranch@-1"), ElementsAre("someothername"));
  EXPECT_THAT(map.resolve("ebranch@-2"), ElementsAre("e"));
  EXPECT_THAT(map.resolve("abranch@-1"), ElementsAre("somelongername"));
}

TEST(GraphResolution, LabelHeadWithSeveralHeadsRaw) {
  const auto map = graph({{"r1"}, {"r2", {"r1"}}, {"r3", {"r2"}, {"lbl"}}, {"r4", {"r3"}}, {"r5a", {"r4"}},
                          {"r5b", {"r4"}}});
  try {
    map.resolve_one("lbl@head");
    ADD_FAILURE() << "resolved";
  } catch (const MultipleHeadsError& e) {
    EXPECT_STREQ(e.what(), "Multiple heads are present for given argument 'lbl@head'; r5a, r5b");
    EXPECT_EQ(e.argument(), "lbl@head");
  }
  EXPECT_THAT(map.resolve("lbl@heads"), ElementsAre("r5a", "r5b"));
}

// --- Graph structure (§1.2) ---------------------------------------------------

TEST(GraphResolution, D22EffectiveHeadAndRealHeads) {
  const auto map = graph({{"q1", {}, {"q"}},
                          {"q2", {"q1"}},
                          {"q3", {"q2"}},
                          {"q4", {"q3"}, {}, {"t3"}},
                          {"q5", {"q4"}},
                          {"t1", {}, {"t"}},
                          {"t2", {"t1"}},
                          {"t3", {"t2"}},
                          {"a1"},
                          {"a2", {"a1"}},
                          {"a3", {"a2"}},
                          {"a4", {"a3"}}});
  EXPECT_THAT(map.heads(), UnorderedElementsAre("t3", "q5", "a4"));
  EXPECT_THAT(map.real_heads(), UnorderedElementsAre("q5", "a4"));
  EXPECT_TRUE(map.is_head("t3"));
  EXPECT_FALSE(map.is_real_head("t3"));
  EXPECT_TRUE(map.is_real_head("q5"));
  // A dependency makes neither a branch point nor a merge point.
  EXPECT_FALSE(map.is_branch_point("t3"));
  EXPECT_FALSE(map.is_merge_point("q4"));
  EXPECT_THAT(map.children("t3"), IsEmpty());
}

TEST(GraphResolution, D2BasesIncludeDependencyOnlyRoots) {
  const auto map = graph({{"a1"},
                          {"a2"},
                          {"a3"},
                          {"amerge", {"a1", "a2", "a3"}},
                          {"b1"},
                          {"b2"},
                          {"bmerge", {"b1", "b2"}},
                          {"c1"},
                          {"c2"},
                          {"c3"},
                          {"cmerge", {"c1", "c2", "c3"}},
                          {"d1", {}, {}, {"a3", "b2", "c1"}}});
  EXPECT_THAT(map.heads(), ElementsAre("amerge", "bmerge", "cmerge", "d1"));
  EXPECT_THAT(map.bases(), ElementsAre("a1", "a2", "a3", "b1", "b2", "c1", "c2", "c3", "d1"));
  EXPECT_TRUE(map.is_base("d1"));
  EXPECT_TRUE(map.is_merge_point("amerge"));
  EXPECT_FALSE(map.is_merge_point("d1"));
}

TEST(GraphResolution, BranchAndMergePointsAndChildren) {
  const auto m = fixtures::merged();
  EXPECT_TRUE(m.is_branch_point("b"));
  EXPECT_FALSE(m.is_branch_point("c1"));
  EXPECT_TRUE(m.is_merge_point("e"));
  EXPECT_THAT(m.children("b"), ElementsAre("c1", "c2"));
  EXPECT_THAT(m.heads(), ElementsAre("f"));
  EXPECT_THAT(m.bases(), ElementsAre("a"));
}

// --- Label propagation (§2.2) -------------------------------------------------

TEST(GraphResolution, BLabelsStopAtTheBranchPoint) {
  const auto map = fixtures::branched();
  EXPECT_THAT(map.branch_labels("c1"), ElementsAre("c1branch"));
  EXPECT_THAT(map.branch_labels("d1"), ElementsAre("c1branch"));
  EXPECT_THAT(map.branch_labels("c2"), ElementsAre("c2branch"));
  EXPECT_THAT(map.branch_labels("d2"), ElementsAre("c2branch"));
  EXPECT_THAT(map.branch_labels("a"), IsEmpty());
  EXPECT_THAT(map.branch_labels("b"), IsEmpty());
}

TEST(GraphResolution, MLabelsFlowThroughTheMerge) {
  const auto map = fixtures::merged();
  for (const char* r : {"c2", "d2", "e", "f"}) {
    EXPECT_THAT(map.branch_labels(r), ElementsAre("c2branch")) << r;
  }
  for (const char* r : {"a", "b", "c1", "d1"}) {
    EXPECT_THAT(map.branch_labels(r), IsEmpty()) << r;
  }
}

TEST(GraphResolution, GLinearLinesAreLabelledToTheRoot) {
  const auto map = fixtures::labeled();
  for (const char* r : {"a", "b", "somelongername", "c"}) {
    EXPECT_THAT(map.branch_labels(r), ElementsAre("abranch")) << r;
  }
  for (const char* r : {"d", "e", "someothername", "f"}) {
    EXPECT_THAT(map.branch_labels(r), ElementsAre("ebranch")) << r;
  }
}

TEST(GraphResolution, G27LinearChain) {
  const auto map = graph({{"r1"}, {"r2", {"r1"}}, {"r3", {"r2"}, {"lbl"}}, {"r4", {"r3"}}, {"r5", {"r4"}}});
  for (const char* r : {"r1", "r2", "r3", "r4", "r5"}) {
    EXPECT_THAT(map.branch_labels(r), ElementsAre("lbl")) << r;
  }
}

TEST(GraphResolution, G28StopsBelowBranchPoint) {
  const auto map = graph({{"r1"}, {"r2", {"r1"}}, {"x2", {"r1"}}, {"r3", {"r2"}, {"lbl"}}, {"r4", {"r3"}}});
  for (const char* r : {"r2", "r3", "r4"}) {
    EXPECT_THAT(map.branch_labels(r), ElementsAre("lbl")) << r;
  }
  EXPECT_THAT(map.branch_labels("r1"), IsEmpty());
  EXPECT_THAT(map.branch_labels("x2"), IsEmpty());
}

TEST(GraphResolution, G29ForkAboveLabelLeavesAncestorsUnlabelled) {
  const auto map = graph({{"r1"},
                          {"r2", {"r1"}},
                          {"r3", {"r2"}, {"lbl"}},
                          {"r4", {"r3"}},
                          {"r5a", {"r4"}},
                          {"r5b", {"r4"}}});
  for (const char* r : {"r3", "r4", "r5a", "r5b"}) {
    EXPECT_THAT(map.branch_labels(r), ElementsAre("lbl")) << r;
  }
  EXPECT_THAT(map.branch_labels("r1"), IsEmpty());
  EXPECT_THAT(map.branch_labels("r2"), IsEmpty());
}

TEST(GraphResolution, G30MergeAboveLabelLeavesAncestorsUnlabelled) {
  const auto map = graph({{"r1"},
                          {"r2", {"r1"}},
                          {"x2", {"r1"}},
                          {"r3", {"r2"}, {"lbl"}},
                          {"r4", {"r3", "x2"}},
                          {"r5", {"r4"}}});
  for (const char* r : {"r3", "r4", "r5"}) {
    EXPECT_THAT(map.branch_labels(r), ElementsAre("lbl")) << r;
  }
  for (const char* r : {"r1", "r2", "x2"}) {
    EXPECT_THAT(map.branch_labels(r), IsEmpty()) << r;
  }
}

TEST(GraphResolution, LabelPropagationIgnoresDependencyEdges) {
  // §3: c2 depends on c1 (labelled lib1 line); c2's line carries no label.
  const auto map = fixtures::depends_one();
  EXPECT_THAT(map.branch_labels("f1"), ElementsAre("lib1"));
  EXPECT_THAT(map.branch_labels("c2"), IsEmpty());
}

}  // namespace
}  // namespace retort
