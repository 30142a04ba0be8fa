// RevisionMap::Impl::reaches (the per-step question a downgrade asks:
// "is this parent still implied by the other rows?") against the plain
// ancestor walk it replaces, on random graphs with merges, several roots
// and dependencies.

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "graph/map_impl.hpp"
#include "support/graph_builder.hpp"

namespace retort {
namespace {

using namespace retort::testing;

std::vector<Rev> random_graph(std::mt19937& rng, int n) {
  std::vector<Rev> spec;
  auto pick = [&](int below) { return std::uniform_int_distribution<int>(0, below - 1)(rng); };
  for (int i = 0; i < n; ++i) {
    Rev r{"r" + std::to_string(i)};
    if (i > 0) {
      const int roll = pick(20);
      if (roll == 0) {
        // a new root
      } else if (roll <= 3 && i > 1) {
        const int a = pick(i);
        int b = pick(i);
        if (b == a) {
          b = (a + 1) % i;
        }
        r.down = {spec[static_cast<std::size_t>(a)].id, spec[static_cast<std::size_t>(b)].id};
      } else {
        // mostly near the previous revisions, so lines get long
        const int back = std::min(i, 1 + pick(4));
        r.down = {spec[static_cast<std::size_t>(i - back)].id};
      }
      if (pick(6) == 0) {
        r.deps = {spec[static_cast<std::size_t>(pick(i))].id};
      }
    }
    spec.push_back(std::move(r));
  }
  return spec;
}

TEST(GraphReach, AgreesWithTheAncestorWalkOnRandomGraphs) {
  int compared = 0;
  int reached = 0;
  for (unsigned seed = 1; seed <= 150; ++seed) {
    std::mt19937 rng(seed);
    const RevisionMap map = graph(random_graph(rng, 70));
    const auto& impl = map.impl();
    ASSERT_FALSE(impl.level.empty()) << "seed " << seed;
    const int n = static_cast<int>(impl.size());
    for (int trial = 0; trial < 12; ++trial) {
      IdxList from;
      const int count = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < count; ++k) {
        from.push_back(static_cast<Idx>(rng() % static_cast<unsigned>(n)));
      }
      const IdxSet expected = impl.ancestors(from, RevisionMap::Impl::Edges::normalized);
      for (Idx t = 0; t < n; ++t) {
        ASSERT_EQ(impl.reaches(from, t), expected.contains(t))
            << "seed " << seed << ", target " << impl.id(t) << ", from " << ::testing::PrintToString(impl.ids_of(from));
        ++compared;
        reached += expected.contains(t) ? 1 : 0;
      }
    }
  }
  // Both answers occur often enough for the comparison to mean something.
  EXPECT_GT(reached, compared / 10);
  EXPECT_LT(reached, compared - compared / 10);
}

TEST(GraphReach, EdgeCases) {
  // c re-declares b's dependency on x, so normalization drops it from c:
  // x is still reached from c, through b.
  const RevisionMap map = graph({{"x"}, {"a"}, {"b", {"a"}, {}, {"x"}}, {"c", {"b"}, {}, {"x"}}, {"y"}});
  const auto& impl = map.impl();
  const auto at = [&](const char* id) { return *impl.exact(id); };
  EXPECT_TRUE(impl.reaches({at("c")}, at("x")));
  EXPECT_TRUE(impl.reaches({at("c")}, at("c")));  // a revision reaches itself
  EXPECT_TRUE(impl.reaches({at("y"), at("b")}, at("a")));
  EXPECT_FALSE(impl.reaches({at("b")}, at("c")));
  EXPECT_FALSE(impl.reaches({at("c")}, at("y")));
  EXPECT_FALSE(impl.reaches({}, at("a")));
  EXPECT_FALSE(impl.reaches({k_none, at("a")}, k_none));
  EXPECT_TRUE(impl.reaches({k_none, at("c")}, at("a")));
}

}  // namespace
}  // namespace retort
