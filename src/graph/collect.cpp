// Which revisions an upgrade, downgrade or history range covers, and the
// order they are visited in.

#include <algorithm>

#include "graph/map_impl.hpp"
#include "util/strings.hpp"

namespace retort {

namespace {

[[noreturn]] void walked_off(std::string_view target) {
  // Alembic fails here on an internal assertion with no message.
  throw RevisionError("Relative revision '" + std::string(target) +
                      "' walks past the end of the history; pick a smaller step");
}

std::vector<std::string> spec_strings(const Spec& spec) {
  return spec.is_text ? std::vector<std::string>{spec.text} : spec.ids;
}

// The ancestors (normalized edges, itself included) of one revision, found
// lazily from the top down in order of level. Every revision on a path
// from the top down to x has a higher level than x, so once everything at
// x's level or above is expanded, "x reached" is exact. Without levels (a
// cycle among the normalized edges) the whole set is computed up front.
class LaneBelow {
 public:
  LaneBelow(const RevisionMap::Impl& map, Idx top) : m_map(&map), m_top(top) {
    if (map.level.empty()) {
      m_seen = map.ancestors({top});
    } else {
      m_seen = IdxSet(map.size());
      m_seen.insert(top);
      m_frontier.push_back({level_of(top), top});
    }
  }

  bool contains(Idx x) {
    if (x < 0) {
      return false;
    }
    if (!m_map->level.empty()) {
      expand_down_to(level_of(x));
    }
    return m_seen.contains(x);
  }

  // Moves to the top's only parent, whose ancestors are the top's minus the
  // top itself.
  void drop_top() {
    if (!m_map->level.empty()) {
      expand_down_to(level_of(m_top));
    }
    m_seen.erase(m_top);
    const IdxList& parents = m_map->node(m_top).norm_parents();
    m_top = parents.empty() ? k_none : parents.front();
  }

 private:
  using Entry = std::pair<int, Idx>;  // (level, revision), highest level first

  int level_of(Idx i) const { return m_map->level[static_cast<std::size_t>(i)]; }

  void expand_down_to(int floor) {
    while (!m_frontier.empty() && m_frontier.front().first >= floor) {
      std::pop_heap(m_frontier.begin(), m_frontier.end());
      const Idx x = m_frontier.back().second;
      m_frontier.pop_back();
      for (Idx p : m_map->node(x).norm_parents()) {
        if (!m_seen.contains(p)) {
          m_seen.insert(p);
          m_frontier.push_back({level_of(p), p});
          std::push_heap(m_frontier.begin(), m_frontier.end());
        }
      }
    }
  }

  const RevisionMap::Impl* m_map;
  Idx m_top;
  IdxSet m_seen;                  // reached so far (all of them ancestors)
  std::vector<Entry> m_frontier;  // reached, parents not yet followed
};

}  // namespace

IdxList RevisionMap::Impl::topological_sort(const IdxSet& todo_in, const IdxList& starts) const {
  // Follows each lane down as far as possible, deferring a revision while
  // another pending lane still has it below (so shared ancestors come after
  // every branch that needs them). Lanes start in map order. Each lane's
  // "below" is the ancestor set of its revision, explored only as deep as
  // the questions asked of it (LaneBelow), which gives the same answers as
  // the whole set at a fraction of the cost.
  IdxSet todo = todo_in;
  IdxList lanes;
  for (Idx s : starts) {
    if (s >= 0 && todo.contains(s) && std::find(lanes.begin(), lanes.end(), s) == lanes.end()) {
      lanes.push_back(s);
    }
  }
  std::sort(lanes.begin(), lanes.end());
  std::vector<LaneBelow> below;
  below.reserve(lanes.size());
  for (Idx l : lanes) {
    below.emplace_back(*this, l);
  }
  IdxList out;
  out.reserve(todo.size());
  std::size_t i = 0;
  while (!lanes.empty()) {
    const Idx x = lanes[i];
    bool deferred = false;
    for (std::size_t j = 0; j < lanes.size(); ++j) {
      if (j != i && below[j].contains(x)) {
        i = j;
        deferred = true;
        break;
      }
    }
    if (deferred) {
      continue;
    }
    if (todo.contains(x)) {
      out.push_back(x);
      todo.erase(x);
    }
    const Node& n = node(x);
    IdxList ups;
    for (Idx p : n.norm_parents()) {
      if (todo.contains(p) && std::find(lanes.begin(), lanes.end(), p) == lanes.end()) {
        ups.push_back(p);
      }
    }
    if (ups.empty()) {
      lanes.erase(lanes.begin() + static_cast<std::ptrdiff_t>(i));
      below.erase(below.begin() + static_cast<std::ptrdiff_t>(i));
      i = i > 0 ? i - 1 : 0;
    } else if (n.norm_deps.empty() && n.down.size() == 1) {
      // Its only parent: the ancestors of the parent are those of x minus x.
      lanes[i] = ups.front();
      below[i].drop_top();
    } else {
      lanes[i] = ups.front();
      below[i] = LaneBelow(*this, ups.front());
      for (std::size_t k = 1; k < ups.size(); ++k) {
        lanes.push_back(ups[k]);
        below.emplace_back(*this, ups[k]);
      }
    }
  }
  if (!todo.empty()) {
    throw RevisionError("internal error: revisions left unordered: " +
                        util::join(ids_of(todo.members()), ", "));
  }
  return out;
}

IdxList RevisionMap::Impl::parse_upgrade_target(const Spec& current, const Spec& target,
                                                bool assert_relative_length) const {
  std::optional<Relative> rel;
  if (target.is_text) {
    rel = match_relative(target.text);
  }
  if (!rel) {
    return get_revisions(target);
  }
  if (rel->value > 0) {
    if (!rel->symbol) {
      if (current.is_text && !rel->branch) {
        // Alembic walks from the text itself (a history range's lower end),
        // resolved as one revision: "-2" or "heads" with several heads is
        // an error there, not a walk down from the heads.
        const Idx r = walk(get_revision(current.text), rel->value, std::nullopt, assert_relative_length);
        if (r == k_none) {
          throw RevisionError("Relative revision " + rel->number + " didn't produce " +
                              std::to_string(rel->value) + " migrations");
        }
        return {r};
      }
      // Up from the current revision (on the given branch).
      IdxList start;
      const IdxList current_revs = get_revisions(current);
      if (current_revs.empty()) {
        start.push_back(k_none);
      } else {
        start = current_revs;
      }
      if (rel->branch) {
        start = filter_for_lineage(current_revs, *rel->branch);
        if (start.empty()) {
          // The branch has no current revision: start from the tips of the
          // applied revisions on it, or from base.
          const IdxList active = filter_for_lineage(ancestors(current_revs).members(), *rel->branch);
          IdxSet covered(size());
          for (Idx a : active) {
            for (Idx p : node(a).norm_parents()) {
              covered.insert(p);
            }
          }
          for (Idx a : active) {
            if (!covered.contains(a)) {
              start.push_back(a);
            }
          }
          if (start.empty()) {
            start.push_back(k_none);
          }
        }
      } else if (!current.is_text) {
        // Alembic counts distinct row texts, not resolved revisions.
        start = current_revs.empty() ? IdxList{k_none} : current_revs;
      }
      if (start.size() > 1) {
        throw RevisionError("Ambiguous upgrade from multiple current revisions");
      }
      const Idx r = walk(start.front(), rel->value, rel->branch, assert_relative_length);
      if (r == k_none) {
        throw RevisionError("Relative revision " + rel->number + " didn't produce " +
                            std::to_string(rel->value) + " migrations");
      }
      return {r};
    }
    return {walk(get_revision(*rel->symbol), rel->value, rel->branch, assert_relative_length)};
  }
  if (!rel->symbol) {
    throw RevisionError("Relative revision " + std::to_string(rel->value) + " didn't produce " +
                        std::to_string(rel->value < 0 ? -rel->value : rel->value) + " migrations");
  }
  const Idx from = rel->branch ? get_revision(*rel->branch + "@" + *rel->symbol)
                               : get_revision(*rel->symbol);
  return {walk(from, rel->value, std::nullopt, assert_relative_length)};
}

RevisionMap::Impl::DowngradeTarget RevisionMap::Impl::parse_downgrade_target(
    const Spec& current, std::string_view target, bool assert_relative_length,
    std::vector<std::string>* warnings) const {
  const auto rel = match_relative(target);
  if (rel) {
    const std::string produced = "Relative revision " + rel->number + " didn't produce " +
                                 std::to_string(rel->value < 0 ? -rel->value : rel->value) +
                                 " migrations";
    if (rel->value >= 0) {
      if (!rel->symbol) {
        throw RevisionError(produced);
      }
      const Idx r = walk(get_revision(*rel->symbol), rel->value, rel->branch, assert_relative_length);
      if (r == k_none) {
        throw RevisionError("Walked too far");
      }
      return {rel->branch, r == k_base ? k_none : r};
    }
    std::optional<std::string> branch = rel->branch;
    std::string symbol;
    const bool relative_to_current = !rel->symbol;
    if (relative_to_current) {
      const std::vector<std::string> rows = spec_strings(current);
      if (branch) {
        IdxList resolved;
        for (const auto& r : rows) {
          resolved.push_back(revision_for_ident(r, std::nullopt));
        }
        IdxList on_branch = filter_for_lineage(resolved, *branch);
        if (on_branch.empty()) {
          // The branch may be present only through a dependency.
          on_branch = filter_for_lineage(all_current(resolved), *branch);
        }
        if (on_branch.size() != 1) {
          // Alembic stops on an internal assertion here.
          throw RevisionError(
              on_branch.empty()
                  ? "Relative revision " + rel->number + " on branch '" + *branch +
                        "' has no current revision to start from; the database holds nothing on that branch"
                  : "Relative revision " + rel->number + " on branch '" + *branch +
                        "' is ambiguous: the database holds " + util::join(ids_of(on_branch), ", ") +
                        " on it; name the revision to step down from (e.g. '" + id(on_branch.front()) +
                        rel->number + "')");
        }
        symbol = id(on_branch.front());
      } else {
        if (rows.empty()) {
          throw RevisionError(produced);
        }
        std::vector<std::string> distinct = rows;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        if (distinct.size() > 1 && warnings) {
          warnings->push_back(
              "downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a "
              "future release.");
        }
        // Alembic takes the first row the database returns, which differs
        // between databases and runs; retort takes the smallest id (what a
        // read in primary-key order returns), so the choice never depends on
        // physical row order.
        symbol = *std::min_element(rows.begin(), rows.end());
        branch = symbol;
      }
    } else {
      symbol = *rel->symbol;
    }
    const Idx start = branch ? get_revision(*branch + "@" + symbol) : get_revision(symbol);
    const Idx r = walk(start, rel->value, std::nullopt, assert_relative_length);
    if (r == k_none) {
      throw RevisionError(relative_to_current ? produced : "Walked too far");
    }
    return {branch, r == k_base ? k_none : r};
  }
  const auto at = target.rfind('@');
  DowngradeTarget out;
  std::string_view symbol = target;
  if (at != std::string_view::npos) {
    if (at > 0) {
      out.branch = std::string(target.substr(0, at));
    }
    symbol = target.substr(at + 1);
  }
  out.target = get_revision(symbol);
  return out;
}

RevisionMap::Impl::Collected RevisionMap::Impl::collect_upgrade(const Spec& upper, const Spec& lower,
                                                                bool inclusive, bool implicit_base,
                                                                bool assert_relative_length) const {
  IdxList targets = parse_upgrade_target(lower, upper, assert_relative_length);
  for (Idx t : targets) {
    if (t < 0) {
      walked_off(upper.display());
    }
  }
  if (lower.is_text && lower.text.find('@') != std::string::npos) {
    // "<label>@base:" style ranges keep only the heads on that branch.
    std::string branch = lower.text.substr(0, lower.text.find('@'));
    const Idx branch_rev = get_revision(branch);
    if (branch_rev >= 0 && id(branch_rev) == branch) {
      const auto& labels = node(branch_rev).labels;
      if (labels.size() != 1) {
        throw RevisionError("Revision " + branch + " used as a branch must carry exactly one branch label; it has " +
                            std::to_string(labels.size()));
      }
      branch = *labels.begin();
    }
    IdxList kept;
    for (Idx t : targets) {
      if (node(t).labels.count(branch)) {
        kept.push_back(t);
      }
    }
    targets = std::move(kept);
  }
  IdxSet required = ancestors_checked(targets);

  IdxList current = get_revisions(lower);
  if (!implicit_base) {
    for (Idx c : current) {
      if (c != k_none && !required.contains(c)) {
        throw RangeNotAncestorError(lower.display(), upper.display());
      }
    }
  }
  Spec effective_lower = lower;
  if (!current.empty() && current.front() == k_none) {
    // A relative lower end that walked off: resolve it against the upper end.
    const auto parsed = parse_downgrade_target(upper, lower.text, assert_relative_length, nullptr);
    if (parsed.target == k_none) {
      current.clear();
      effective_lower = Spec::of_text("base");
    } else {
      current = {parsed.target};
      effective_lower = Spec::of_text(id(parsed.target));
    }
  }
  for (Idx c : current) {
    if (c < 0) {
      throw RangeNotAncestorError(lower.display(), upper.display());
    }
  }
  const IdxSet applied = ancestors_checked(current);
  IdxSet needs(size());
  for (Idx r : required.members()) {
    if (!applied.contains(r)) {
      needs.insert(r);
    }
  }
  if (inclusive) {
    for (Idx r : get_revisions(effective_lower)) {
      if (r < 0) {
        throw RangeNotAncestorError(lower.display(), upper.display());
      }
      needs.insert(r);
    }
  }
  if (!current.empty() && !implicit_base) {
    check_overlap(current, Direction::up);
    const IdxSet above = descendants(current, Edges::versioned);
    for (Idx r : needs.members()) {
      if (!above.contains(r)) {
        needs.erase(r);
      }
    }
  }
  return {std::move(needs), std::move(targets)};
}

RevisionMap::Impl::Collected RevisionMap::Impl::collect_downgrade(
    const Spec& upper, const Spec& target, bool inclusive, bool assert_relative_length,
    std::vector<std::string>* warnings) const {
  const DowngradeTarget parsed =
      parse_downgrade_target(upper, target.text, assert_relative_length, warnings);
  IdxList roots;
  std::size_t root_count = 0;  // Alembic counts a labelled root once per key
  if (parsed.target == k_none) {
    for (const auto& key : key_order) {
      const Idx i = keys.at(key);
      if (node(i).is_base()) {
        roots.push_back(i);
        ++root_count;
      }
    }
  } else if (inclusive) {
    roots = {parsed.target};
    root_count = 1;
  } else {
    roots = node(parsed.target).children;
    root_count = roots.size();
  }
  if (parsed.branch && root_count > 1) {
    const IdxSet line = ancestors({resolve_branch(*parsed.branch)}, Edges::versioned);
    IdxList kept;
    for (Idx r : roots) {
      if (line.contains(r) && std::find(kept.begin(), kept.end(), r) == kept.end()) {
        kept.push_back(r);
      }
    }
    if (kept.empty()) {
      throw RevisionError("Not a valid downgrade target from current heads");
    }
    roots = std::move(kept);
  }
  const IdxList heads_now = get_revisions(upper);
  const IdxSet removable = descendants(roots, Edges::all);
  const IdxSet active = ancestors(heads_now, Edges::normalized);
  IdxSet remove(size());
  for (Idx r : removable.members()) {
    if (active.contains(r)) {
      remove.insert(r);
    }
  }
  if (parsed.target != k_none && remove.empty() &&
      std::find(heads_now.begin(), heads_now.end(), parsed.target) == heads_now.end()) {
    throw RangeNotAncestorError("Nothing to drop", upper.display());
  }
  return {std::move(remove), heads_now};
}

}  // namespace retort
