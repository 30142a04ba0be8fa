#pragma once
// Index-level view of the revision graph shared by the graph's .cpp files.
// Revisions are numbered in map order; kNone stands for "nothing" (base as
// an empty result) and kBase for the pseudo-revision "base" that a downward
// walk lands on below a root.

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include <retort/plan.hpp>
#include <retort/revision_map.hpp>

namespace retort {

using Idx = int;
inline constexpr Idx k_none = -1;
inline constexpr Idx k_base = -2;
using IdxList = std::vector<Idx>;

// A dense set of revision indices.
class IdxSet {
 public:
  IdxSet() = default;
  explicit IdxSet(std::size_t n) : m_bits(n, false) {}
  bool contains(Idx i) const { return i >= 0 && static_cast<std::size_t>(i) < m_bits.size() && m_bits[static_cast<std::size_t>(i)]; }
  void insert(Idx i) {
    if (!m_bits[static_cast<std::size_t>(i)]) {
      m_bits[static_cast<std::size_t>(i)] = true;
      ++m_count;
    }
  }
  void erase(Idx i) {
    if (contains(i)) {
      m_bits[static_cast<std::size_t>(i)] = false;
      --m_count;
    }
  }
  std::size_t size() const { return m_count; }
  bool empty() const { return m_count == 0; }
  std::size_t capacity() const { return m_bits.size(); }
  // Members in map order.
  IdxList members() const {
    IdxList out;
    out.reserve(m_count);
    for (std::size_t i = 0; i < m_bits.size(); ++i) {
      if (m_bits[i]) {
        out.push_back(static_cast<Idx>(i));
      }
    }
    return out;
  }

 private:
  std::vector<bool> m_bits;
  std::size_t m_count = 0;
};

// Lets the id table be searched with a string_view, without a copy.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// A revision's place in the graph (its Revision is Impl::revisions[i]).
// The parent and child lists that include dependencies are kept only where
// they differ from the versioned ones, which for most revisions they don't.
struct Node {
  IdxList down;          // versioned parents, declared order
  IdxList deps;          // resolved dependencies, declared order
  IdxList norm_deps;     // deps not already declared by a versioned ancestor
  IdxList children;      // versioned children, map order
  std::set<std::string> labels;  // propagated

  // down + norm_deps, deduplicated
  const IdxList& norm_parents() const { return norm_deps.empty() ? down : own_norm_parents; }
  // down + deps, deduplicated
  const IdxList& all_parents() const { return deps.empty() ? down : own_all_parents; }
  // children incl. dependents, map order
  const IdxList& all_children() const { return has_dependents ? own_all_children : children; }

  bool is_base() const { return down.empty(); }
  bool is_head() const { return children.empty(); }
  bool is_real_head() const { return all_children().empty(); }
  bool is_branch_point() const { return children.size() > 1; }
  bool is_real_branch_point() const { return all_children().size() > 1; }
  bool is_merge_point() const { return down.size() > 1; }

  IdxList own_norm_parents;   // used when norm_deps is not empty
  IdxList own_all_parents;    // used when deps is not empty
  IdxList own_all_children;   // used when has_dependents
  bool has_dependents = false;  // something names this revision in depends_on
};

// Alembic's _resolve_revision_number: the identifier texts a symbol stands
// for ("heads" -> the head ids, "base" -> none, anything else -> itself)
// and the branch given before '@'.
struct Number {
  std::vector<std::string> ids;
  std::optional<std::string> branch;
};

// An argument that is either a text (a user's target) or a tuple of ids
// (version rows), as Alembic's functions accept both.
struct Spec {
  bool is_text = false;
  std::string text;
  std::vector<std::string> ids;

  static Spec of_text(std::string_view t) { return {true, std::string(t), {}}; }
  static Spec of_ids(std::vector<std::string> v) { return {false, {}, std::move(v)}; }
  std::string display() const;
};

class RevisionMap::Impl {
 public:
  explicit Impl(std::vector<Revision> revisions);

  std::vector<Node> nodes;                   // map order, one per distinct id
  std::vector<Revision> revisions;           // same order, the only copy
  std::unordered_map<std::string, Idx, KeyHash, std::equal_to<>> keys;  // ids and labels
  std::vector<std::string> key_order;        // ids (map order) then labels
  IdxList heads;        // versioned heads (Alembic's order; may repeat)
  IdxList real_heads;
  IdxList bases;
  std::vector<std::string> duplicates;
  // Per revision, the longest normalized-parent path down to a root, so a
  // parent's level is always below its child's. Empty when the normalized
  // edges hold a cycle (Alembic's cycle check does not catch every one).
  std::vector<int> level;

  std::size_t size() const { return nodes.size(); }
  const std::string& id(Idx i) const { return revisions[static_cast<std::size_t>(i)].id; }
  const Revision& rev(Idx i) const { return revisions[static_cast<std::size_t>(i)]; }
  const Node& node(Idx i) const { return nodes[static_cast<std::size_t>(i)]; }
  std::optional<Idx> exact(std::string_view key) const;

  // Traversals (including the starting nodes).
  enum class Edges { versioned, normalized, all };
  // `visit`, when given, sees each ancestor once, in depth-first order
  // (a stack of parents, as Alembic's _get_ancestor_nodes walks them).
  IdxSet ancestors(const IdxList& from, Edges edges = Edges::normalized,
                   const std::function<void(Idx)>& visit = {}) const;
  IdxSet descendants(const IdxList& from, Edges edges = Edges::all,
                     const std::function<void(Idx)>& visit = {}) const;
  // Whether `target` is in ancestors(from, Edges::normalized), found
  // without building that set: a walk down from `from` (never below
  // target's level) and a walk up from `target` take turns, and the first
  // to finish answers. A downgrade asks this once per step, so it must not
  // cost a walk of the whole graph each time.
  bool reaches(const IdxList& from, Idx target) const;
  // Ancestors with Alembic's overlap check: throws "Requested revision X
  // overlaps with other requested revisions Y" when one of `from` is an
  // ancestor of another.
  IdxSet ancestors_checked(const IdxList& from) const;
  // down: through ancestors (normalized); up: through versioned descendants.
  void check_overlap(const IdxList& from, Direction direction) const;

  // Resolution (Alembic's _resolve_revision_number / get_revisions /
  // get_revision / _revision_for_ident / filter_for_lineage / _walk).
  Number resolve_number(std::string_view text) const;
  IdxList get_revisions(std::string_view text) const;
  IdxList get_revisions(const Spec& spec) const;
  Idx get_revision(std::string_view text) const;  // k_none for base
  Idx revision_for_ident(std::string_view ident, const std::optional<std::string>& branch) const;
  Idx resolve_branch(std::string_view branch) const;
  Idx current_head(const std::optional<std::string>& branch) const;
  IdxList filter_for_lineage(const IdxList& targets, std::string_view check_against,
                             bool include_dependencies = false) const;
  bool shares_lineage(Idx target, const IdxList& against, bool include_dependencies) const;
  // Walks `steps` up (>0) or down (<0). Returns k_none on overwalk when
  // no_overwalk, else stays where it got to. k_base is the pseudo base.
  Idx walk(Idx start, int steps, const std::optional<std::string>& branch, bool no_overwalk) const;

  // Ordering of a set "from the top down" (descendants before ancestors).
  IdxList topological_sort(const IdxSet& todo, const IdxList& starts) const;

  // The revision sets of Alembic's iterate_revisions.
  struct Collected {
    IdxSet set;
    IdxList starts;
  };
  Collected collect_upgrade(const Spec& upper, const Spec& lower, bool inclusive, bool implicit_base,
                            bool assert_relative_length) const;
  Collected collect_downgrade(const Spec& upper, const Spec& target, bool inclusive,
                              bool assert_relative_length,
                              std::vector<std::string>* warnings) const;
  IdxList parse_upgrade_target(const Spec& current, const Spec& target,
                               bool assert_relative_length) const;
  struct DowngradeTarget {
    std::optional<std::string> branch;
    Idx target = k_none;  // k_none: base
  };
  DowngradeTarget parse_downgrade_target(const Spec& current, std::string_view target,
                                         bool assert_relative_length,
                                         std::vector<std::string>* warnings) const;
  IdxList all_current(const IdxList& rows) const;

  std::vector<std::string> ids_of(const IdxList& list) const;
  IdxList lookup_rows(const std::vector<std::string>& rows) const;

 private:
  void validate_ids() const;
  void link(const std::vector<std::size_t>& first_position);
  void detect_cycles() const;
  void compute_levels();
  void propagate_labels();
};

// A relative identifier: [<branch>@][<symbol>](+|-)<digits>...
struct Relative {
  std::optional<std::string> branch;
  std::optional<std::string> symbol;
  std::string number;  // with its sign, as written
  int value = 0;
};
std::optional<Relative> match_relative(std::string_view text);

}  // namespace retort
