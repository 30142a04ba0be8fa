// The walks over the revision graph: ancestors and descendants, the
// bounded reachability question a downgrade asks per step, Alembic's
// overlap check, and the tips of what a set of version rows implies.

#include <algorithm>
#include <string>
#include <vector>

#include "graph/map_impl.hpp"
#include "util/strings.hpp"

namespace retort {

namespace {

// Depth first from `from` (a stack: the last edge listed is followed
// first), each revision once; `next(x)` lists x's neighbours in the
// direction walked, `visit` (when given) sees each revision as it is
// reached.
template <class Next>
IdxSet depth_first(std::size_t size, const IdxList& from, Next next, const std::function<void(Idx)>& visit) {
  IdxSet seen(size);
  IdxList stack;
  for (Idx f : from) {
    if (f >= 0) {
      stack.push_back(f);
    }
  }
  while (!stack.empty()) {
    const Idx x = stack.back();
    stack.pop_back();
    if (seen.contains(x)) {
      continue;
    }
    seen.insert(x);
    if (visit) {
      visit(x);
    }
    const IdxList& out = next(x);
    stack.insert(stack.end(), out.begin(), out.end());
  }
  return seen;
}

}  // namespace

IdxSet RevisionMap::Impl::ancestors(const IdxList& from, Edges edges,
                                    const std::function<void(Idx)>& visit) const {
  return depth_first(nodes.size(), from, [&](Idx x) -> const IdxList& {
    const Node& n = node(x);
    return edges == Edges::versioned ? n.down : edges == Edges::all ? n.all_parents() : n.norm_parents();
  }, visit);
}

IdxSet RevisionMap::Impl::descendants(const IdxList& from, Edges edges,
                                      const std::function<void(Idx)>& visit) const {
  return depth_first(nodes.size(), from, [&](Idx x) -> const IdxList& {
    const Node& n = node(x);
    return edges == Edges::versioned ? n.children : n.all_children();
  }, visit);
}

bool RevisionMap::Impl::reaches(const IdxList& from, Idx target) const {
  if (target < 0) {
    return false;
  }
  if (level.empty()) {  // a cycle: no levels to bound the walk with
    return ancestors(from, Edges::normalized).contains(target);
  }
  const int floor = level[static_cast<std::size_t>(target)];
  IdxSet goal(nodes.size());
  IdxList down_stack;
  for (Idx f : from) {
    if (f >= 0) {
      if (f == target) {
        return true;
      }
      goal.insert(f);
      down_stack.push_back(f);
    }
  }
  IdxSet down_seen(nodes.size());
  IdxSet up_seen(nodes.size());
  IdxList up_stack{target};
  // A parent's level is below its child's, so a node at or below target's
  // level, other than target, cannot lead down to it.
  while (!down_stack.empty() && !up_stack.empty()) {
    const Idx x = down_stack.back();
    down_stack.pop_back();
    if (!down_seen.contains(x)) {
      down_seen.insert(x);
      for (Idx p : node(x).norm_parents()) {
        if (p == target) {
          return true;
        }
        if (level[static_cast<std::size_t>(p)] > floor && !down_seen.contains(p)) {
          down_stack.push_back(p);
        }
      }
    }
    const Idx y = up_stack.back();
    up_stack.pop_back();
    if (!up_seen.contains(y)) {
      up_seen.insert(y);
      for (Idx c : node(y).all_children()) {
        const IdxList& parents = node(c).norm_parents();
        if (up_seen.contains(c) || std::find(parents.begin(), parents.end(), y) == parents.end()) {
          continue;  // seen, or y is only a dependency that normalization dropped
        }
        if (goal.contains(c)) {
          return true;
        }
        up_stack.push_back(c);
      }
    }
  }
  return false;  // one walk ran out without meeting the other's start
}

void RevisionMap::Impl::check_overlap(const IdxList& from, Direction direction) const {
  // One requested revision lying beyond another is an error; the first (in
  // the given order) that reaches others is named.
  for (Idx t : from) {
    if (t < 0) {
      continue;
    }
    const IdxSet below = direction == Direction::down ? ancestors({t}, Edges::normalized)
                                                      : descendants({t}, Edges::versioned);
    std::vector<std::string> overlaps;
    for (Idx o : from) {
      if (o >= 0 && o != t && below.contains(o) &&
          std::find(overlaps.begin(), overlaps.end(), id(o)) == overlaps.end()) {
        overlaps.push_back(id(o));
      }
    }
    if (!overlaps.empty()) {
      throw RevisionError("Requested revision " + id(t) + " overlaps with other requested revisions " +
                          util::join(overlaps, ", "));
    }
  }
}

IdxSet RevisionMap::Impl::ancestors_checked(const IdxList& from) const {
  check_overlap(from, Direction::down);
  return ancestors(from, Edges::normalized);
}

std::vector<std::string> RevisionMap::Impl::ids_of(const IdxList& list) const {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (Idx i : list) {
    if (i >= 0) {
      out.push_back(id(i));
    }
  }
  return out;
}

IdxList RevisionMap::Impl::all_current(const IdxList& rows) const {
  IdxList top;
  for (Idx r : rows) {
    if (r >= 0) {
      top.push_back(r);
    }
  }
  const IdxSet all = ancestors(top, Edges::normalized);
  IdxList out;
  for (Idx r : all.members()) {
    // Dropped when a versioned descendant of it is also in the set. `all`
    // holds every versioned parent of its members (normalized parents
    // include them), so a descendant in the set means a child in the set:
    // looking at the children is enough, and keeps this linear.
    const IdxList& kids = node(r).children;
    if (std::none_of(kids.begin(), kids.end(), [&](Idx c) { return all.contains(c); })) {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace retort
