#pragma once
// Compact construction of revision graphs for the graph unit tests, and
// readable renderings of plans to compare against the documented scenarios
// (ALEMBIC.md, ALEMBIC-SCENARIOS.md).
//
//   const RevisionMap map = graph({{"a"}, {"b", {"a"}}, {"c1", {"b"}, {"c1branch"}},
//                                  {"c2", {"b2"}, {}, {"c1"}}});
//
// Map order is the order given.

#include <retort/plan.hpp>
#include <retort/revision_map.hpp>
#include <retort/version_change.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace retort::testing {

struct Rev {
  std::string id;
  std::vector<std::string> down = {};    // down_revision(s)
  std::vector<std::string> labels = {};  // branch_labels as declared
  std::vector<std::string> deps = {};    // depends_on as declared
  std::string message = {};
};

inline std::vector<Revision> revisions(const std::vector<Rev>& spec) {
  std::vector<Revision> out;
  out.reserve(spec.size());
  for (const auto& r : spec) {
    Revision rev;
    rev.id = r.id;
    rev.down_revisions = r.down;
    rev.branch_labels = r.labels;
    rev.depends_on = r.deps;
    rev.message = r.message;
    out.push_back(std::move(rev));
  }
  return out;
}

inline RevisionMap graph(const std::vector<Rev>& spec) { return RevisionMap(revisions(spec)); }

// Migration steps as the scenario tables write them: "+x" (upgrade of x),
// "-x" (downgrade of x); stamp steps as "stamp <from> -> <to>".
inline std::string step_text(const Step& step) {
  if (step.stamp) {
    return step.describe(false);
  }
  return (step.direction == Direction::up ? "+" : "-") + step.revision;
}

inline std::vector<std::string> steps(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& s : plan.steps) {
    out.push_back(step_text(s));
  }
  return out;
}

// "INSERT x", "UPDATE a->b", "DELETE x".
inline std::string change_text(const VersionChange& c) {
  switch (c.kind) {
    case VersionChange::Kind::insert:
      return "INSERT " + c.to;
    case VersionChange::Kind::update:
      return "UPDATE " + c.from + "->" + c.to;
    case VersionChange::Kind::remove:
      return "DELETE " + c.from;
  }
  return "?";
}

inline std::vector<std::string> changes(const Step& step) {
  std::vector<std::string> out;
  for (const auto& c : step.changes) {
    out.push_back(change_text(c));
  }
  return out;
}

// Every version-table change of the plan, in order.
inline std::vector<std::string> changes(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& s : plan.steps) {
    for (const auto& c : s.changes) {
      out.push_back(change_text(c));
    }
  }
  return out;
}

inline std::size_t count_kind(const Step& step, VersionChange::Kind kind) {
  return static_cast<std::size_t>(std::count_if(step.changes.begin(), step.changes.end(),
                                                [&](const VersionChange& c) { return c.kind == kind; }));
}

inline std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// Row sets after each step.
inline std::vector<std::set<std::string>> rows_per_step(const Plan& plan) {
  std::vector<std::set<std::string>> out;
  for (const auto& s : plan.steps) {
    out.push_back(as_set(s.rows_after));
  }
  return out;
}

using Rows = std::set<std::string>;

// Runs `fn`, which must throw E; returns what() (empty, and a test failure,
// when nothing was thrown).
template <class E = RevisionError, class Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

// Fixture graphs of ALEMBIC-SCENARIOS.md used by several test files.
namespace fixtures {

// L: a <- b <- c <- d <- e.
inline RevisionMap linear() { return graph({{"a"}, {"b", {"a"}}, {"c", {"b"}}, {"d", {"c"}}, {"e", {"d"}}}); }

// B: a <- b <- {c1 [c1branch] <- d1, c2 [c2branch] <- d2}.
inline RevisionMap branched() {
  return graph({{"a"},
                {"b", {"a"}},
                {"c1", {"b"}, {"c1branch"}},
                {"d1", {"c1"}},
                {"c2", {"b"}, {"c2branch"}},
                {"d2", {"c2"}}});
}

// M: B without c1branch, plus e <- (d1, d2), f <- e.
inline RevisionMap merged() {
  return graph({{"a"},
                {"b", {"a"}},
                {"c1", {"b"}},
                {"d1", {"c1"}},
                {"c2", {"b"}, {"c2branch"}},
                {"d2", {"c2"}},
                {"e", {"d1", "d2"}},
                {"f", {"e"}}});
}

// G: two labelled lines.
inline RevisionMap labeled() {
  return graph({{"a", {}, {"abranch"}},
                {"b", {"a"}},
                {"somelongername", {"b"}},
                {"c", {"somelongername"}},
                {"d"},
                {"e", {"d"}, {"ebranch"}},
                {"someothername", {"e"}},
                {"f", {"someothername"}}});
}

// D1: DependsOnBranchTestOne.
inline RevisionMap depends_one() {
  return graph({{"a1", {}, {"lib1"}},
                {"b1", {"a1"}},
                {"c1", {"b1"}},
                {"a2"},
                {"b2", {"a2"}},
                {"c2", {"b2"}, {}, {"c1"}},
                {"d1", {"c1"}},
                {"e1", {"d1"}},
                {"f1", {"e1"}}});
}

// F: a1 <- b1, a2 <- b2.
inline RevisionMap forest() { return graph({{"a1"}, {"b1", {"a1"}}, {"a2"}, {"b2", {"a2"}}}); }

// The docs' "branches" walkthrough (fixture C), files in name order.
inline std::vector<Rev> session_base() {
  return {{"1975ea83b712", {}, {}, {}, "create account table"},
          {"27c6a30d7c24", {"1975ea83b712"}, {"shoppingcart"}, {}, "add shopping cart table"},
          {"ae1027a6acf", {"1975ea83b712"}, {}, {}, "add a column"}};
}
inline Rev session_merge() {
  return {"53fffde5ad5", {"ae1027a6acf", "27c6a30d7c24"}, {}, {}, "merge ae1 and 27c"};
}
inline Rev session_networking() {
  return {"2a95102259be", {}, {"networking"}, {"ae1027a6acf"},
          "add ip account table, with a very long message that exceeds forty characters"};
}
inline Rev session_depends() { return {"55af2cb1c267", {"2a95102259be"}, {}, {"shoppingcart"}, "depends"}; }
// All six revisions, in file-name order.
inline RevisionMap session_full() {
  auto spec = session_base();
  spec.insert(spec.begin() + 2, session_networking());
  spec.insert(spec.begin() + 3, session_merge());
  spec.insert(spec.begin() + 4, session_depends());
  return graph(spec);
}

}  // namespace fixtures

}  // namespace retort::testing
