// RevisionMap::Impl::reaches (the per-step question a downgrade asks:
// "is this parent still implied by the other rows?") against the plain
// ancestor walk it replaces, and the normalized dependencies (which skip
// the walk for revisions whose dependencies nobody else declares) against
// a walk for every revision, on random graphs with merges, several roots
// and dependencies.

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "graph/map_impl.hpp"
#include "support/graph_builder.hpp"

namespace retort {
namespace {

using namespace retort::testing;

std::vector<Rev> random_graph(std::mt19937& rng, int n, int shared_deps = 0) {
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
      // Dependencies drawn from a few revisions, so that many revisions
      // declare the same one (some of them on one line).
      if (shared_deps > 0 && i > shared_deps && pick(3) == 0) {
        r.deps.push_back(spec[static_cast<std::size_t>(pick(shared_deps))].id);
        if (r.deps.size() == 2 && r.deps[0] == r.deps[1]) {
          r.deps.pop_back();
        }
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

TEST(GraphNormalizedDeps, ADependencyAVersionedAncestorDeclaresIsDropped) {
  int kept = 0;
  int dropped = 0;
  for (unsigned seed = 1; seed <= 120; ++seed) {
    std::mt19937 rng(seed);
    const RevisionMap map = graph(random_graph(rng, 80, seed % 3 == 0 ? 0 : 6));
    const auto& impl = map.impl();
    for (Idx i = 0; i < static_cast<Idx>(impl.size()); ++i) {
      const Node& n = impl.node(i);
      // What the versioned ancestors declare, by a walk from every revision.
      std::set<Idx> inherited;
      for (Idx a : impl.ancestors({i}, RevisionMap::Impl::Edges::versioned).members()) {
        if (a != i) {
          inherited.insert(impl.node(a).deps.begin(), impl.node(a).deps.end());
        }
      }
      std::set<Idx> expected;
      for (Idx d : n.deps) {
        if (!inherited.count(d)) {
          expected.insert(d);
        }
      }
      const std::set<Idx> actual(n.norm_deps.begin(), n.norm_deps.end());
      ASSERT_EQ(actual, expected) << "seed " << seed << ", revision " << impl.id(i);
      ASSERT_EQ(n.norm_deps.size(), actual.size()) << "seed " << seed << ", revision " << impl.id(i);
      kept += static_cast<int>(expected.size());
      dropped += static_cast<int>(n.deps.size() - expected.size());
    }
  }
  // Both outcomes occur often enough for the comparison to mean something.
  EXPECT_GT(kept, 500);
  EXPECT_GT(dropped, 100);
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
