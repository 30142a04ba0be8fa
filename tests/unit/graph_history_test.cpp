// History iteration and ranges (ALEMBIC.md §5, §12; ALEMBIC-SCENARIOS.md
// fixtures H, I, G14-G16, D27, F10-F13).

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

RevisionMap three_rev() { return graph({{"a"}, {"b", {"a"}}, {"c", {"b"}}}); }
RevisionMap chain() {
  return graph({{"aaaa"}, {"bbbb", {"aaaa"}}, {"cccc", {"bbbb"}}, {"dddd", {"cccc"}}, {"eeee", {"dddd"}}});
}

std::string range_error(const std::string& lower, const std::string& upper) {
  return "Requested range " + lower + ":" + upper +
         " does not refer to ancestor/descendant revisions along the same branch";
}

// --- parse_history_range -----------------------------------------------------------

TEST(GraphHistory, ParseRange) {
  const auto both = parse_history_range("a:b");
  EXPECT_EQ(both.start, "a");
  EXPECT_EQ(both.end, "b");
  const auto open_start = parse_history_range(":b");
  EXPECT_EQ(open_start.start, "");
  EXPECT_EQ(open_start.end, "b");
  const auto open_end = parse_history_range("-1:");
  EXPECT_EQ(open_end.start, "-1");
  EXPECT_EQ(open_end.end, "");
}

TEST(GraphHistory, H11RangeWithoutColon) {
  EXPECT_EQ(error_of<CommandError>([] { parse_history_range("foo"); }),
            "History range requires [start]:[end], [start]:, or :[end]");
}

TEST(GraphHistory, RangeWithTwoColonsIsRefused) {
  // Alembic crashes (ValueError) on more than one ':'.
  EXPECT_THROW(parse_history_range("a:b:c"), CommandError);
}

// --- Fixture H ----------------------------------------------------------------------

TEST(GraphHistory, H1ToH4PlainRanges) {
  const auto map = three_rev();
  EXPECT_THAT(history(map, "", ""), ElementsAre("c", "b", "a"));
  EXPECT_THAT(history(map, "a", "b"), ElementsAre("b", "a"));
  EXPECT_THAT(history(map, "", "b"), ElementsAre("b", "a"));
  EXPECT_THAT(history(map, "a", ""), ElementsAre("c", "b", "a"));
}

TEST(GraphHistory, H5H6RelativeEnds) {
  const auto map = three_rev();
  EXPECT_THAT(history(map, "a", "+2"), ElementsAre("c", "b", "a"));
  EXPECT_THAT(history(map, "-2", "c"), ElementsAre("c", "b", "a"));
  EXPECT_THAT(history(map, "-5", "c"), ElementsAre("c", "b", "a"));
}

TEST(GraphHistory, H7H8CurrentAsStart) {
  const auto map = three_rev();
  EXPECT_THAT(history(map, "current", "", {"b"}), ElementsAre("c", "b"));
  EXPECT_THAT(history(map, "current", "", {}), ElementsAre("c", "b", "a"));
}

TEST(GraphHistory, CurrentAsEnd) {
  EXPECT_THAT(history(three_rev(), "", "current", {"b"}), ElementsAre("b", "a"));
}

TEST(GraphHistory, H10MinusNStartCountsFromTheScriptHead) {
  const auto map = chain();
  EXPECT_THAT(history(map, "-2", "cccc"), ElementsAre("cccc"));
  EXPECT_THAT(history(map, "-3", "cccc"), ElementsAre("cccc", "bbbb"));
  EXPECT_THAT(error_of([&] { history(map, "-1", "cccc"); }), HasSubstr(range_error("-1", "cccc")));
}

TEST(GraphHistory, H11PlusNEndAndWrongDirection) {
  const auto map = chain();
  EXPECT_THAT(history(map, "bbbb", "+9"), ElementsAre("eeee", "dddd", "cccc", "bbbb"));
  EXPECT_THAT(error_of([&] { history(map, "cccc", "bbbb"); }), HasSubstr(range_error("cccc", "bbbb")));
}

TEST(GraphHistory, PlusNEndWalksFromTheLowerTextAsOneRevision) {
  // Alembic's _parse_upgrade_target walks up from get_revision(<lower>):
  // a "-N" lower end is not a walk down from the heads there, it is an
  // unknown revision (Alembic: "Can't locate revision identified by '-2'").
  const auto map = chain();
  EXPECT_THAT(error_of([&] { history(map, "-2", "+1"); }),
              HasSubstr("Can't locate revision identified by '-2'"));
  EXPECT_THROW(history(map, "-1", "+2"), ResolutionError);
  EXPECT_THAT(history(map, "cccc", "+1"), ElementsAre("dddd", "cccc"));
  EXPECT_THAT(history(map, "base", "+2"), ElementsAre("bbbb", "aaaa"));
  EXPECT_THAT(history(map, "heads", "+1"), ElementsAre("eeee"));
  // "heads" with two heads is one revision too many for get_revision.
  const auto forked = graph({{"a"}, {"b", {"a"}}, {"c", {"a"}}});
  EXPECT_THAT(error_of([&] { history(forked, "heads", "+1"); }),
              HasSubstr("Multiple head revisions are present for given argument '+1'"));
}

TEST(GraphHistory, LargeMinusNStopsAtBaseForAConcreteEnd) {
  const auto map = chain();
  EXPECT_THAT(history(map, "-9", "dddd"), ElementsAre("dddd", "cccc", "bbbb", "aaaa"));
  EXPECT_THAT(error_of([&] { history(map, "-9", "heads"); }),
              HasSubstr("Can't locate revision identified by 'heads'"));
}

TEST(GraphHistory, BaseBaseAndHeadsHeads) {
  const auto map = chain();
  EXPECT_THAT(history(map, "base", "base"), IsEmpty());
  EXPECT_THAT(history(map, "heads", "heads"), ElementsAre("eeee"));
}

TEST(GraphHistory, LabelRangesOfTheDocsExample) {
  const auto map = graph(fixtures::session_base());
  EXPECT_THAT(history(map, "", ""), ElementsAre("27c6a30d7c24", "ae1027a6acf", "1975ea83b712"));
  EXPECT_THAT(history(map, "shoppingcart", ""), ElementsAre("27c6a30d7c24"));
  EXPECT_THAT(history(map, "shoppingcart@base", ""), ElementsAre("27c6a30d7c24", "1975ea83b712"));
}

// --- Fixture I ---------------------------------------------------------------------------

TEST(GraphHistory, I1Diamond) {
  const auto map = graph({{"a"}, {"b1", {"a"}}, {"b2", {"a"}}, {"c", {"b1", "b2"}}, {"d", {"c"}}});
  EXPECT_THAT(history(map, "a", "d"), ElementsAre("d", "c", "b1", "b2", "a"));
}

TEST(GraphHistory, I2LongShortBranch) {
  const auto map = graph({{"a"}, {"b1", {"a"}}, {"b2", {"a"}}, {"c1", {"b1"}}, {"d11", {"c1"}}, {"d12", {"c1"}}});
  EXPECT_THAT(history(map, "base", "heads"), ElementsAre("b2", "d11", "d12", "c1", "b1", "a"));
}

RevisionMap branch_travelling() {
  return graph({{"a1"}, {"a2", {"a1"}}, {"a3", {"a2"}}, {"b1", {"a3"}}, {"b2", {"a3"}}, {"cb1", {"b1"}},
                {"cb2", {"b2"}}, {"db1", {"cb1"}}, {"db2", {"cb2"}}, {"e1b1", {"db1"}}, {"fe1b1", {"e1b1"}},
                {"e2b1", {"db1"}}, {"e2b2", {"db2"}}, {"merge", {"e2b1", "e2b2"}}});
}

TEST(GraphHistory, I3BranchesTerminateAtTheirBranchPoint) {
  EXPECT_THAT(history(branch_travelling(), "a1", "merge"),
              ElementsAre("merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3", "a2", "a1"));
}

TEST(GraphHistory, I4SeveralUpperEnds) {
  EXPECT_THAT(history(branch_travelling(), "a3", "current", {"merge", "fe1b1"}),
              ElementsAre("fe1b1", "e1b1", "merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3"));
}

TEST(GraphHistory, I5OnlyTheStartsSide) {
  EXPECT_THAT(history(branch_travelling(), "b1", "merge"), ElementsAre("merge", "e2b1", "db1", "cb1", "b1"));
}

TEST(GraphHistory, I6OverlappingUpperEnds) {
  EXPECT_THAT(error_of([] { history(branch_travelling(), "base", "current", {"db1", "b2", "fe1b1"}); }),
              HasSubstr("Requested revision fe1b1 overlaps with other requested revisions db1"));
}

RevisionMap multiple_branch() {
  return graph({{"a"}, {"b1", {"a"}}, {"b2", {"a"}}, {"cb1", {"b1"}}, {"cb2", {"b2"}}, {"d1cb1", {"cb1"}},
                {"d2cb1", {"cb1"}}, {"d1cb2", {"cb2"}}, {"d2cb2", {"cb2"}}, {"d3cb2", {"cb2"}},
                {"d1d2cb2", {"d1cb2", "d2cb2"}}});
}

TEST(GraphHistory, I8I9NotAnAncestor) {
  // Raw: "Revision d1cb1 is not an ancestor of revision b1"; history shows
  // the range text (checked with Alembic 1.8.1's walk_revisions).
  const auto map = multiple_branch();
  EXPECT_THAT(error_of([&] { history(map, "d1cb1", "b1"); }), HasSubstr(range_error("d1cb1", "b1")));
  EXPECT_THAT(error_of([&] { history(map, "b1", "d2cb2"); }), HasSubstr(range_error("b1", "d2cb2")));
  EXPECT_THAT(error_of([&] { history(map, "d1cb1", "base"); }), HasSubstr(range_error("d1cb1", "base")));
  EXPECT_STREQ(RangeNotAncestorError("d1cb1", "b1").what(), "Revision d1cb1 is not an ancestor of revision b1");
}

TEST(GraphHistory, I10UpperEndNotAboveTheStartIsDropped) {
  EXPECT_THAT(history(multiple_branch(), "b2", "current", {"d1cb1", "d2cb2", "d3cb2"}),
              ElementsAre("d2cb2", "d3cb2", "cb2", "b2"));
}

TEST(GraphHistory, MultipleBranchFromTheMergePoint) {
  EXPECT_THAT(history(multiple_branch(), "a", "d1d2cb2"), ElementsAre("d1d2cb2", "d1cb2", "d2cb2", "cb2", "b2", "a"));
}

TEST(GraphHistory, I11EmptyMap) {
  const RevisionMap map(std::vector<Revision>{});
  EXPECT_THAT(history(map, "", ""), IsEmpty());
  EXPECT_THAT(history(map, "base", "head"), IsEmpty());
}

// --- Fixture G -------------------------------------------------------------------------------

TEST(GraphHistory, G14G15G16LabelledRanges) {
  const auto map = fixtures::labeled();
  EXPECT_THAT(history(map, "ebranch@base", "heads"), ElementsAre("f", "someothername", "e", "d"));
  EXPECT_THAT(history(map, "abranch@base", ""), ElementsAre("c", "somelongername", "b", "a"));
  EXPECT_THAT(history(map, "ebranch@-2", "heads"), ElementsAre("f", "someothername", "e"));
  EXPECT_THAT(history(map, "base", "ebranch@+2"), ElementsAre("e", "d"));
  EXPECT_THAT(history(map, "base", "ebranch@head"), ElementsAre("f", "someothername", "e", "d"));
}

// --- Fixtures D and F ---------------------------------------------------------------------------

TEST(GraphHistory, D27LabelBaseAcrossRoots) {
  const auto map = graph({{"base1", {}, {"b_1"}}, {"a1a", {"base1"}}, {"a1b", {"base1"}}, {"b1a", {"a1a"}},
                          {"b1b", {"a1b"}, {}, {"a3"}}, {"base2", {}, {"b_2"}}, {"a2", {"base2"}}, {"b2", {"a2"}},
                          {"c2", {"b2"}, {}, {"a3"}}, {"d2", {"c2"}}, {"base3", {}, {"b_3"}}, {"a3", {"base3"}},
                          {"b3", {"a3"}}});
  EXPECT_THAT(history(map, "b_3@base", "heads"), ElementsAre("b3", "a3", "base3"));
}

RevisionMap multiple_base() {
  return graph({{"base1"}, {"base2"}, {"base3"}, {"a1a", {"base1"}}, {"a1b", {"base1"}}, {"a2", {"base2"}},
                {"a3", {"base3"}}, {"b1a", {"a1a"}}, {"b1b", {"a1b"}}, {"b2", {"a2"}}, {"b3", {"a3"}},
                {"c2", {"b2"}}, {"d2", {"c2"}}, {"mergeb3d2", {"b3", "d2"}}});
}

TEST(GraphHistory, F10MultipleBases) {
  EXPECT_THAT(history(multiple_base(), "base", "heads"),
              ElementsAre("b1a", "a1a", "b1b", "a1b", "base1", "mergeb3d2", "b3", "a3", "base3", "d2", "c2", "b2",
                          "a2", "base2"));
}

TEST(GraphHistory, F11FromAMiddleRevision) {
  // F11 iterates exclusively (mergeb3d2, d2); history ranges are inclusive.
  EXPECT_THAT(history(multiple_base(), "c2", "heads"), ElementsAre("mergeb3d2", "d2", "c2"));
}

TEST(GraphHistory, F13OverlappingLowerEnds) {
  EXPECT_THAT(error_of([] { history(multiple_base(), "current", "c2", {"a2", "b2"}); }),
              HasSubstr("Requested revision b2 overlaps with other requested revisions a2"));
}

}  // namespace
}  // namespace retort
