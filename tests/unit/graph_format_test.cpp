// Alembic's text output: step lines, history/heads/branches/current lines and
// verbose blocks (ALEMBIC.md §13.2-13.8; ALEMBIC-SCENARIOS.md fixtures C, H, K,
// D22).

#include <retort/format.hpp>
#include <retort/plan.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/graph_builder.hpp"
#include "util/strings.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using namespace retort::testing;

// Output split into lines (each printed line ends with '\n').
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    EXPECT_NE(nl, std::string::npos) << "unterminated line in: " << text;
    if (nl == std::string::npos) {
      out.push_back(text.substr(start));
      break;
    }
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

RevisionMap session_with_merge() {
  auto spec = fixtures::session_base();
  spec.push_back(fixtures::session_merge());
  return graph(spec);
}

RevisionMap current_fixture() {
  return graph({{"a1"}, {"a2", {"a1"}}, {"a3", {"a2"}}, {"b1"}, {"b2", {"b1"}, {}, {"a2"}}, {"b3", {"b2"}}});
}

// --- §13.2 step lines -------------------------------------------------------------------

TEST(GraphFormat, StepDescriptions) {
  Step up;
  up.revision = "1975ea83b712";
  up.to_ids = {"1975ea83b712"};
  up.doc = "create account table";
  EXPECT_EQ(up.describe(), "upgrade  -> 1975ea83b712, create account table");
  EXPECT_EQ(up.describe(false), "upgrade  -> 1975ea83b712");

  Step down;
  down.direction = Direction::down;
  down.from_ids = {"1975ea83b712"};
  down.doc = "create account table";
  EXPECT_EQ(down.describe(), "downgrade 1975ea83b712 -> , create account table");

  Step no_doc;
  no_doc.from_ids = {"ae1027a6acf", "27c6a30d7c24"};
  no_doc.to_ids = {"53fffde5ad5"};
  EXPECT_EQ(no_doc.describe(), "upgrade ae1027a6acf, 27c6a30d7c24 -> 53fffde5ad5");

  Step stamp;
  stamp.stamp = true;
  stamp.to_ids = {"53fffde5ad5"};
  stamp.doc = "ignored";
  EXPECT_EQ(stamp.describe(), "stamp_revision  -> 53fffde5ad5");
  stamp.from_ids = {"d1", "c2"};
  stamp.to_ids = {"b"};
  EXPECT_EQ(stamp.describe(), "stamp_revision d1, c2 -> b");
}

TEST(GraphFormat, StepDocIsTheFirstParagraph) {
  const auto map = graph({{"a", {}, {}, {}, "  first line\nsecond line\n\nmore text\n"}});
  const auto p = plan_upgrade(map, {}, "a");
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].describe(), "upgrade  -> a, first line\nsecond line");
}

// --- §13.7 heads ----------------------------------------------------------------------------

TEST(GraphFormat, C3Heads) {
  EXPECT_EQ(format::heads(graph(fixtures::session_base()), false, false),
            "27c6a30d7c24 (shoppingcart) (head)\nae1027a6acf (head)\n");
}

TEST(GraphFormat, C10HeadsAfterTheMerge) {
  EXPECT_EQ(format::heads(session_with_merge(), false, false), "53fffde5ad5 (shoppingcart) (head)\n");
}

TEST(GraphFormat, D22HeadsWithAnEffectiveHead) {
  const auto map = graph({{"q1", {}, {"q"}}, {"q2", {"q1"}}, {"q3", {"q2"}}, {"q4", {"q3"}, {}, {"t3"}}, {"q5", {"q4"}},
                          {"t1", {}, {"t"}}, {"t2", {"t1"}}, {"t3", {"t2"}}, {"a1"}, {"a2", {"a1"}}, {"a3", {"a2"}},
                          {"a4", {"a3"}}});
  EXPECT_THAT(lines_of(format::heads(map, false, false)),
              UnorderedElementsAre("q5 (q) (head)", "t3 (t) (effective head)", "a4 (head)"));
  EXPECT_THAT(lines_of(format::heads(map, false, true)), UnorderedElementsAre("q5 (q) (head)", "a4 (head)"));
  // current: the rows plus what they imply, reduced to tips.
  EXPECT_THAT(lines_of(format::current(map, {"q5", "a4"}, false)),
              UnorderedElementsAre("q5 (head)", "t3 (effective head)", "a4 (head)"));
  EXPECT_THAT(map.current_tips({"q5", "a4"}), UnorderedElementsAre("q5", "t3", "a4"));
}

TEST(GraphFormat, CurrentTipsKeepTheTopOfEachLineThatTheRowsReach) {
  // q4 depends on t2, not on t3: the rows imply t2, and t2 stays a tip
  // until a row reaches t3. Rows lying below other rows are dropped.
  const auto map = graph({{"q1"}, {"q2", {"q1"}}, {"q3", {"q2"}, {}, {"t2"}}, {"t1"}, {"t2", {"t1"}},
                          {"t3", {"t2"}}, {"a1"}, {"a2", {"a1"}}, {"a3", {"a2"}}});
  EXPECT_THAT(map.current_tips({"q3"}), UnorderedElementsAre("q3", "t2"));
  EXPECT_THAT(map.current_tips({"q3", "t3"}), UnorderedElementsAre("q3", "t3"));
  EXPECT_THAT(map.current_tips({"q2", "t1"}), UnorderedElementsAre("q2", "t1"));
  EXPECT_THAT(map.current_tips({"a1", "a3", "q1"}), UnorderedElementsAre("a3", "q1"));
  EXPECT_THAT(map.current_tips({}), IsEmpty());
}

// --- §13.8 branches -----------------------------------------------------------------------------

TEST(GraphFormat, C4Branches) {
  const auto map = graph(fixtures::session_base());
  const auto out = lines_of(format::branches(map, history(map, "", ""), false));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], "1975ea83b712 (branchpoint)");
  // Child order is unordered in Alembic.
  EXPECT_THAT((std::vector<std::string>{out[1], out[2]}),
              UnorderedElementsAre("             -> ae1027a6acf (head)",
                                   "             -> 27c6a30d7c24 (shoppingcart) (head)"));
  EXPECT_EQ(out[3], "");
}

TEST(GraphFormat, BranchesVerboseChildLinesCarryTheDoc) {
  const auto map = graph(fixtures::session_base());
  const std::string out = format::branches(map, history(map, "", ""), true);
  EXPECT_THAT(out, HasSubstr("\n             -> ae1027a6acf (head), add a column\n"));
  EXPECT_THAT(out, HasSubstr("\n             -> 27c6a30d7c24 (shoppingcart) (head), add shopping cart table\n"));
  EXPECT_EQ(out.rfind("Rev: 1975ea83b712 (branchpoint)\nParent: <base>\nBranches into: ", 0), 0u);
}

// --- §13.5 history lines ----------------------------------------------------------------------------

TEST(GraphFormat, HistoryDocsExample) {
  const auto map = graph(fixtures::session_base());
  EXPECT_EQ(format::history(map, history(map, "", ""), false),
            "1975ea83b712 -> 27c6a30d7c24 (shoppingcart) (head), add shopping cart table\n"
            "1975ea83b712 -> ae1027a6acf (head), add a column\n"
            "<base> -> 1975ea83b712 (branchpoint), create account table\n");
  EXPECT_EQ(format::history(map, history(map, "shoppingcart@base", ""), false),
            "1975ea83b712 -> 27c6a30d7c24 (shoppingcart) (head), add shopping cart table\n"
            "<base> -> 1975ea83b712 (branchpoint), create account table\n");
}

TEST(GraphFormat, C10MergeLine) {
  const auto map = session_with_merge();
  const auto out = lines_of(format::history(map, history(map, "", ""), false));
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0], "ae1027a6acf, 27c6a30d7c24 -> 53fffde5ad5 (shoppingcart) (head) (mergepoint), merge ae1 and 27c");
}

TEST(GraphFormat, C17C18DependencyLines) {
  const auto map = fixtures::session_full();
  EXPECT_EQ(format::history(map, {"2a95102259be"}, false),
            "<base> (ae1027a6acf) -> 2a95102259be (networking), add ip account table, with a very long message "
            "that exceeds forty characters\n");
  EXPECT_EQ(format::history(map, {"55af2cb1c267"}, false),
            "2a95102259be (shoppingcart) -> 55af2cb1c267 (networking) (head), depends\n");
  EXPECT_THAT(format::history(map, history(map, "55af", ""), true), HasSubstr("\nAlso depends on: shoppingcart\n"));
}

TEST(GraphFormat, HistoryMarksEffectiveHeadAndCurrent) {
  const auto map = graph({{"x1", {}, {}, {}, "x one"}, {"y1", {}, {}, {"x1"}, "y one"}});
  EXPECT_EQ(format::history(map, {"y1", "x1"}, false, {"x1"}, true),
            "<base> (x1) -> y1 (head), y one\n<base> -> x1 (effective head) (current), x one\n");
}

// --- §13.6 verbose blocks ----------------------------------------------------------------------------

TEST(GraphFormat, VerboseBlockOfAMerge) {
  const auto map = session_with_merge();
  const format::DetailsFn details = [](const Revision& r) {
    return format::Details{"/proj/versions/" + r.id + ".py", "merge ae1 and 27c\n\nsecond paragraph"};
  };
  EXPECT_EQ(format::history(map, {"53fffde5ad5"}, true, {}, false, details),
            "Rev: 53fffde5ad5 (head) (mergepoint)\n"
            "Merges: ae1027a6acf, 27c6a30d7c24\n"
            "Branch names: shoppingcart\n"
            "Path: /proj/versions/53fffde5ad5.py\n"
            "\n"
            "    merge ae1 and 27c\n"
            "    \n"
            "    second paragraph\n"
            "\n");
}

TEST(GraphFormat, H9VerboseCurrent) {
  const auto map = graph({{"a", {}, {}, {}, "one"}, {"b", {"a"}, {}, {}, "two"}, {"c", {"b"}, {}, {}, "three"}});
  const std::string out = format::history(map, history(map, "", ""), true, {"b"}, true);
  EXPECT_THAT(out, HasSubstr("Rev: c (head)\nParent: b\n"));
  EXPECT_THAT(out, HasSubstr("Rev: b (current)\nParent: a\n"));
  EXPECT_THAT(out, HasSubstr("Rev: a\nParent: <base>\n"));
  EXPECT_LT(out.find("Rev: c"), out.find("Rev: b"));
  EXPECT_LT(out.find("Rev: b"), out.find("Rev: a"));
}

TEST(GraphFormat, VerboseHeadMeansVersionedHead) {
  // §13.6: no "effective" distinction in the verbose block.
  const auto map = graph({{"x1"}, {"y1", {}, {}, {"x1"}}});
  const std::string out = format::heads(map, true, false);
  EXPECT_THAT(out, HasSubstr("Rev: x1 (head)\nParent: <base>\n"));
  EXPECT_THAT(out, HasSubstr("Rev: y1 (head)\nParent: <base>\nAlso depends on: x1\n"));
}

// --- §13.4 current ---------------------------------------------------------------------------------

TEST(GraphFormat, K1ToK6Current) {
  const auto map = current_fixture();
  EXPECT_EQ(format::current(map, {}, false), "");
  EXPECT_EQ(format::current(map, {"a3"}, false), "a3 (head)\n");
  EXPECT_THAT(lines_of(format::current(map, {"a1", "b1"}, false)), UnorderedElementsAre("a1", "b1"));
  EXPECT_THAT(lines_of(format::current(map, {"b2"}, false)), UnorderedElementsAre("a2", "b2"));
  EXPECT_THAT(lines_of(format::current(map, {"b3"}, false)), UnorderedElementsAre("a2", "b3 (head)"));
  EXPECT_THAT(lines_of(format::current(map, {"a3", "b3"}, false)), UnorderedElementsAre("a3 (head)", "b3 (head)"));
  EXPECT_THAT(map.current_tips({"b2"}), UnorderedElementsAre("a2", "b2"));
}

TEST(GraphFormat, K7HeadsToCheckAgainst) {
  // `current --check-heads` compares the rows with the versioned heads.
  EXPECT_THAT(current_fixture().heads(), UnorderedElementsAre("a3", "b3"));
}

TEST(GraphFormat, K8UpgradeHeads) {
  const auto p = plan_upgrade(current_fixture(), {}, "heads");
  EXPECT_THAT(steps(p), ElementsAre("+a1", "+a2", "+b1", "+b2", "+b3", "+a3"));
  ASSERT_EQ(p.steps.size(), 6u);
  EXPECT_EQ(p.steps[3].changes.size(), 2u);
  EXPECT_EQ(count_kind(p.steps[3], VersionChange::Kind::remove), 1u);
  EXPECT_EQ(count_kind(p.steps[3], VersionChange::Kind::update), 1u);
  EXPECT_THAT(changes(p.steps[5]), ElementsAre("INSERT a3"));
  EXPECT_EQ(as_set(p.rows_after), (Rows{"a3", "b3"}));
}

TEST(GraphFormat, C7C8C11CurrentInTheSession) {
  EXPECT_THAT(lines_of(format::current(graph(fixtures::session_base()), {"ae1027a6acf", "27c6a30d7c24"}, false)),
              UnorderedElementsAre("27c6a30d7c24 (head)", "ae1027a6acf (head)"));
  EXPECT_EQ(format::current(graph(fixtures::session_base()), {"1975ea83b712"}, false), "1975ea83b712 (branchpoint)\n");
  EXPECT_EQ(format::current(session_with_merge(), {"53fffde5ad5"}, false), "53fffde5ad5 (head) (mergepoint)\n");
}

}  // namespace
}  // namespace retort
