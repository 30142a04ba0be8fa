// Map validation (ALEMBIC.md §1.3; ALEMBIC-SCENARIOS.md fixture Y, G26, C20,
// R10).

#include <retort/revision_map.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/graph_builder.hpp"

namespace retort {
namespace {

using ::testing::AllOf;
using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using namespace retort::testing;

std::string build_error(const std::vector<Rev>& spec) {
  return error_of([&] { graph(spec); });
}

// --- Y1/Y2: self loops ----------------------------------------------------------------

TEST(GraphValidation, Y1SelfLoop) {
  EXPECT_THAT(build_error({{"a", {"a"}}}), HasSubstr("Self-loop is detected in revisions (a)"));
  // As a base with a child, as a merge member at the head, at a branch point.
  EXPECT_THAT(build_error({{"a", {"a"}}, {"b", {"a"}}}), HasSubstr("Self-loop is detected in revisions (a)"));
  EXPECT_THAT(build_error({{"a"}, {"b", {"a"}}, {"c", {"b", "c"}}}),
              HasSubstr("Self-loop is detected in revisions (c)"));
  EXPECT_THAT(build_error({{"a"}, {"b", {"a", "b"}}, {"c", {"b"}}, {"d", {"b"}}}),
              HasSubstr("Self-loop is detected in revisions (b)"));
}

TEST(GraphValidation, Y1SelfLoopNamesTheRevisionEvenWithAnOrigin) {
  std::vector<Revision> revs = revisions({{"a", {"a"}}});
  revs[0].origin = "versions/a_loop.py";
  EXPECT_THAT(error_of([&] { RevisionMap{revs}; }), HasSubstr("Self-loop is detected in revisions (a)"));
}

TEST(GraphValidation, Y2DependencySelfLoop) {
  EXPECT_THAT(build_error({{"a", {}, {}, {"a"}}}), HasSubstr("Dependency self-loop is detected in revisions (a)"));
}

// --- Y3-Y7: cycles --------------------------------------------------------------------------

TEST(GraphValidation, Y3Cycle) {
  EXPECT_THAT(build_error({{"a", {"c"}}, {"b", {"a"}}, {"c", {"b"}}}),
              HasSubstr("Cycle is detected in revisions (a, b, c)"));
  EXPECT_THAT(build_error({{"a", {"c"}}, {"b", {"a"}}, {"c", {"b"}}, {"d"}, {"e", {"d"}}}),
              HasSubstr("Cycle is detected in revisions (a, b, c)"));
}

TEST(GraphValidation, Y4CycleWithATail) {
  EXPECT_THAT(build_error({{"a", {"c"}}, {"b", {"a"}}, {"c", {"b"}}, {"d", {"c"}}, {"e", {"d"}}}),
              HasSubstr("Cycle is detected in revisions (a, b, c, d, e)"));
}

TEST(GraphValidation, Y5CycleThroughAMerge) {
  EXPECT_THAT(build_error({{"a"}, {"b", {"a"}}, {"c", {"b", "e"}}, {"d", {"c"}}, {"e", {"d"}}}),
              HasSubstr("Cycle is detected in revisions (a, b, c, d, e)"));
}

TEST(GraphValidation, Y6DependencyCycle) {
  EXPECT_THAT(build_error({{"a", {}, {}, {"c"}}, {"b", {"a"}}, {"c", {"b"}}}),
              HasSubstr("Dependency cycle is detected in revisions (a, b, c)"));
}

TEST(GraphValidation, Y7DependencyCycleWithATail) {
  EXPECT_THAT(build_error({{"a"}, {"b", {"a"}}, {"c", {"b"}, {}, {"e"}}, {"d", {"c"}}, {"e", {"d"}}}),
              HasSubstr("Dependency cycle is detected in revisions (a, b, c, d, e)"));
}

TEST(GraphValidation, CycleMessagesAreRevisionErrors) {
  EXPECT_THROW(graph({{"a", {"c"}}, {"b", {"a"}}, {"c", {"b"}}}), RevisionError);
}

// --- Y10 and unknown dependencies: Alembic crashes with a KeyError ---------------------------

TEST(GraphValidation, Y10MissingDownRevision) {
  EXPECT_THAT(build_error({{"a"}, {"b", {"x"}}}),
              AllOf(HasSubstr("Revision x referenced from b"), HasSubstr("is not present")));
}

TEST(GraphValidation, UnknownDependencyIsRefused) {
  EXPECT_THROW(graph({{"a"}, {"b", {"a"}, {}, {"x"}}}), RevisionError);
}

TEST(GraphValidation, PartialIdInDependsOnIsNotResolved) {
  // §1: a partial id in a file's depends_on is not resolved (Alembic: KeyError).
  EXPECT_THROW(graph({{"abcdef12"}, {"b"}, {"c", {"b"}, {}, {"abcd"}}}), RevisionError);
}

// --- Identifiers ----------------------------------------------------------------------------

TEST(GraphValidation, R10IllegalCharacters) {
  EXPECT_THAT(build_error({{"no-dashes"}}),
              HasSubstr("Character(s) '-' not allowed in revision identifier 'no-dashes'"));
  EXPECT_THAT(build_error({{"no@atsigns"}}),
              HasSubstr("Character(s) '@' not allowed in revision identifier 'no@atsigns'"));
  EXPECT_THAT(build_error({{"no@atsigns-ordashes"}}),
              HasSubstr("Character(s) '-, @' not allowed in revision identifier 'no@atsigns-ordashes'"));
  EXPECT_THAT(build_error({{"no+plussignseither"}}),
              HasSubstr("Character(s) '+' not allowed in revision identifier 'no+plussignseither'"));
}

TEST(GraphValidation, C20ColonIsRefused) {
  // Alembic >= 1.17.1; retort refuses ':' deliberately (1.8.1 accepted it).
  EXPECT_THAT(build_error({{"no:colons"}}),
              HasSubstr("Character(s) ':' not allowed in revision identifier 'no:colons'"));
  EXPECT_THAT(build_error({{"bad-id"}}), HasSubstr("Character(s) '-' not allowed in revision identifier 'bad-id'"));
  EXPECT_THAT(build_error({{"a"}, {"bad:id", {"a"}}}),
              HasSubstr("Character(s) ':' not allowed in revision identifier 'bad:id'"));
}

// --- Branch labels ----------------------------------------------------------------------------

TEST(GraphValidation, G26DuplicateBranchLabel) {
  const std::string msg = build_error({{"a"}, {"b", {"a"}}, {"c", {"b"}, {"xy1"}}, {"d"}, {"e", {"d"}, {"xy1"}},
                                       {"f", {"e"}}});
  EXPECT_THAT(msg, MatchesRegex("Branch name 'xy1' in revision (e|c) already used by revision (e|c).*"));
  EXPECT_THAT(msg, AnyOf(HasSubstr("revision e already used by revision c"),
                         HasSubstr("revision c already used by revision e")));
}

TEST(GraphValidation, BranchLabelEqualToAnotherId) {
  EXPECT_THAT(build_error({{"a"}, {"b", {"a"}, {"a"}}}),
              HasSubstr("Branch name 'a' in revision b already used by revision a"));
}

// --- The same id twice: Alembic warns, the later file wins ----------------------------------------

TEST(GraphValidation, DuplicateIdLaterFileWins) {
  const auto map = graph({{"a"}, {"b", {"a"}, {}, {}, "first"}, {"b", {"a"}, {}, {}, "second"}});
  EXPECT_THAT(map.duplicate_ids(), ElementsAre("b"));
  ASSERT_NE(map.find("b"), nullptr);
  EXPECT_EQ(map.find("b")->message, "second");
  EXPECT_EQ(map.revisions().size(), 2u);
  // Alembic 1.8.1: heads == ('b', 'b').
  EXPECT_THAT(map.heads(), ElementsAre("b", "b"));
}

TEST(GraphValidation, DuplicateIdReplacedByARoot) {
  // Checked with Alembic 1.8.1: a, b <- a, c <- b, b (root): heads (a, b, c).
  const auto map = graph({{"a"}, {"b", {"a"}}, {"c", {"b"}}, {"b"}});
  EXPECT_THAT(map.duplicate_ids(), ElementsAre("b"));
  EXPECT_TRUE(map.find("b")->down_revisions.empty());
  EXPECT_THAT(map.heads(), ElementsAre("a", "b", "c"));
}

TEST(GraphValidation, ValidMapHasNoDuplicates) {
  EXPECT_TRUE(fixtures::merged().duplicate_ids().empty());
  EXPECT_EQ(fixtures::merged().find("zz"), nullptr);
}

}  // namespace
}  // namespace retort
