// Building and validating the revision graph, and its public API (the
// walks over it are in walks.cpp).

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <algorithm>
#include <set>

#include "graph/map_impl.hpp"
#include "graph/py_order.hpp"
#include "util/strings.hpp"

namespace retort {

namespace {

std::string join_ids(const std::vector<std::string>& ids) { return util::join(ids, ", "); }

std::string where(const Revision& r) {
  return r.origin.empty() ? std::string{} : " (" + r.origin + ")";
}

void append_unique(IdxList& list, Idx i) {
  if (std::find(list.begin(), list.end(), i) == list.end()) {
    list.push_back(i);
  }
}

// The graph's edges in both directions as compressed (CSR) Boost graphs:
// a few allocations in all, built only while checking for cycles.
using Csr = boost::compressed_sparse_row_graph<boost::directedS>;
struct EdgeGraphs {
  Csr to_children;
  Csr to_parents;
};

EdgeGraphs versioned_edges(const RevisionMap::Impl& map, bool with_dependencies) {
  std::vector<std::pair<std::size_t, std::size_t>> down;  // child -> parent
  down.reserve(map.size() + map.size() / 8);
  for (std::size_t child = 0; child < map.size(); ++child) {
    const Node& n = map.node(static_cast<Idx>(child));
    for (Idx p : with_dependencies ? n.all_parents() : n.down) {
      down.emplace_back(child, static_cast<std::size_t>(p));
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> up;  // parent -> child
  up.reserve(down.size());
  for (const auto& [child, parent] : down) {
    up.emplace_back(parent, child);
  }
  return {Csr(boost::edges_are_unsorted_multi_pass, up.begin(), up.end(), map.size()),
          Csr(boost::edges_are_unsorted_multi_pass, down.begin(), down.end(), map.size())};
}

// Reachability from `starts` (themselves included), down to parents or up
// to children.
IdxSet reach(const EdgeGraphs& graphs, bool to_parents, const IdxList& starts, std::size_t n) {
  const Csr& graph = to_parents ? graphs.to_parents : graphs.to_children;
  IdxSet seen(n);
  if (starts.empty()) {
    return seen;
  }
  std::vector<boost::default_color_type> colors(num_vertices(graph), boost::white_color);
  auto color_map = boost::make_iterator_property_map(colors.begin(), get(boost::vertex_index, graph));
  boost::queue<boost::graph_traits<Csr>::vertex_descriptor> queue;
  for (Idx s : starts) {
    if (colors[static_cast<std::size_t>(s)] == boost::white_color) {
      boost::breadth_first_visit(graph, static_cast<std::size_t>(s), queue,
                                 boost::default_bfs_visitor{}, color_map);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (colors[i] != boost::white_color) {
      seen.insert(static_cast<Idx>(i));
    }
  }
  return seen;
}

}  // namespace

MultipleHeadsError::MultipleHeadsError(std::vector<std::string> heads, std::string argument)
    : RevisionError("Multiple heads are present for given argument '" + argument + "'; " +
                    util::join(heads, ", ")),
      m_heads(std::move(heads)),
      m_argument(std::move(argument)) {}

RangeNotAncestorError::RangeNotAncestorError(std::string lower, std::string upper)
    : RevisionError("Revision " + lower + " is not an ancestor of revision " + upper),
      m_lower(std::move(lower)),
      m_upper(std::move(upper)) {}

std::string Revision::doc() const {
  // Alembic: the first paragraph of the stripped docstring.
  const std::string text = util::strip(message);
  const auto blank = text.find("\n\n");
  return blank == std::string::npos ? text : text.substr(0, blank);
}

std::string Spec::display() const {
  if (is_text) {
    return text;
  }
  return util::join(ids, ", ");
}

RevisionMap::Impl::Impl(std::vector<Revision> input) {
  // Checks Alembic makes while loading each file, in load order.
  for (const auto& r : input) {
    std::set<char> bad;
    for (char c : r.id) {
      if (c == '@' || c == '-' || c == '+' || c == ':') {
        bad.insert(c);
      }
    }
    if (!bad.empty()) {
      std::vector<std::string> chars;
      for (char c : bad) {
        chars.emplace_back(1, c);
      }
      throw RevisionError("Character(s) '" + util::join(chars, ", ") +
                          "' not allowed in revision identifier '" + r.id + "'" + where(r));
    }
    if (std::find(r.down_revisions.begin(), r.down_revisions.end(), r.id) != r.down_revisions.end()) {
      throw RevisionError("Self-loop is detected in revisions (" + r.id + ")" + where(r));
    }
    if (std::find(r.depends_on.begin(), r.depends_on.end(), r.id) != r.depends_on.end()) {
      throw RevisionError("Dependency self-loop is detected in revisions (" + r.id + ")" + where(r));
    }
  }

  // One node per id: the first file's position, the last file's content
  // (Alembic's ordered dict lets a later file replace an earlier one).
  std::vector<Idx> node_of_file(input.size());
  std::vector<bool> shadowed(input.size(), false);
  {
    keys.reserve(input.size());
    key_order.reserve(input.size());
    std::vector<std::size_t> last_file;  // per node
    last_file.reserve(input.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
      const auto [found, added] = keys.try_emplace(input[i].id, static_cast<Idx>(last_file.size()));
      node_of_file[i] = found->second;
      if (added) {
        key_order.push_back(input[i].id);
        last_file.push_back(i);
      } else {
        last_file[static_cast<std::size_t>(found->second)] = i;
        if (std::find(duplicates.begin(), duplicates.end(), input[i].id) == duplicates.end()) {
          duplicates.push_back(input[i].id);
        }
      }
    }
    for (std::size_t i = 0; i < input.size(); ++i) {
      shadowed[i] = last_file[static_cast<std::size_t>(node_of_file[i])] != i;
    }
    nodes.resize(last_file.size());
    revisions.resize(last_file.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
      if (!shadowed[i]) {
        revisions[static_cast<std::size_t>(node_of_file[i])] = std::move(input[i]);
      }
    }
  }
  // What a file declared: its own copy when shadowed, else its node's.
  const auto declared = [&](std::size_t i) -> const Revision& {
    return shadowed[i] ? input[i] : revisions[static_cast<std::size_t>(node_of_file[i])];
  };

  // Branch labels share the lookup table with ids.
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (const auto& label : revisions[i].branch_labels) {
      auto found = keys.find(label);
      if (found != keys.end()) {
        throw RevisionError("Branch name '" + label + "' in revision " + revisions[i].id +
                            " already used by revision " + id(found->second) + where(revisions[i]));
      }
      keys.emplace(label, static_cast<Idx>(i));
      key_order.push_back(label);
    }
  }

  // Dependencies name ids or labels, exactly.
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Revision& r = revisions[i];
    for (const auto& dep : r.depends_on) {
      auto found = keys.find(dep);
      if (found == keys.end()) {
        throw RevisionError("Revision " + dep + " referenced from " + r.id +
                            " (depends_on) is not present" + where(r) +
                            "; name an existing revision id or branch label");
      }
      append_unique(nodes[i].deps, found->second);
    }
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Revision& r = revisions[i];
    Node& n = nodes[i];
    n.down.reserve(r.down_revisions.size());
    for (const auto& down : r.down_revisions) {
      auto found = keys.find(down);
      if (found == keys.end() || id(found->second) != down) {
        throw RevisionError("Revision " + down + " referenced from " + r.id +
                            " is not present" + where(r) +
                            "; fix its Revises: line or restore the missing file");
      }
      append_unique(n.down, found->second);
    }
    if (!n.deps.empty()) {
      n.own_all_parents = n.down;
      for (Idx d : n.deps) {
        append_unique(n.own_all_parents, d);
        nodes[static_cast<std::size_t>(d)].has_dependents = true;
      }
    }
  }

  const std::size_t n_nodes = nodes.size();
  for (std::size_t child = 0; child < n_nodes; ++child) {
    for (Idx p : nodes[child].down) {
      nodes[static_cast<std::size_t>(p)].children.push_back(static_cast<Idx>(child));
    }
    for (Idx p : nodes[child].all_parents()) {
      Node& parent = nodes[static_cast<std::size_t>(p)];
      if (parent.has_dependents) {
        parent.own_all_children.push_back(static_cast<Idx>(child));
      }
    }
  }

  // Heads and bases as Alembic lists them: per file, so a replaced file
  // still counts as a head of its own.
  for (std::size_t i = 0; i < input.size(); ++i) {
    const Idx idx = node_of_file[i];
    const Node& node = nodes[static_cast<std::size_t>(idx)];
    if (shadowed[i] || node.is_head()) {
      heads.push_back(idx);
    }
    if (shadowed[i] || node.is_real_head()) {
      real_heads.push_back(idx);
    }
    if (declared(i).down_revisions.empty()) {
      bases.push_back(idx);
    }
  }

  detect_cycles();

  // A dependency that a versioned ancestor already declares adds nothing.
  // Only revisions that declare one of the same dependencies can remove
  // any, so a revision whose dependencies nobody else declares keeps them
  // all without walking its ancestors (a walk per revision with
  // dependencies grows with the graph).
  std::vector<int> declared_by(n_nodes, 0);
  for (const Node& n : nodes) {
    for (Idx d : n.deps) {
      ++declared_by[static_cast<std::size_t>(d)];
    }
  }
  for (std::size_t i = 0; i < n_nodes; ++i) {
    Node& n = nodes[i];
    const bool shared = std::any_of(n.deps.begin(), n.deps.end(),
                                    [&](Idx d) { return declared_by[static_cast<std::size_t>(d)] > 1; });
    if (!n.deps.empty()) {
      // Alembic builds a set from the resolved dependencies, then calls
      // difference_update with the dependencies of each versioned ancestor
      // in the order its _get_ancestor_nodes visits them (depth first, a
      // stack of declared parents), and iterates what is left in set order.
      // The set's layout, and so that order, can change when enough is
      // removed, so the removals are replayed call by call.
      std::vector<std::string> dep_ids;
      for (Idx d : n.deps) {
        dep_ids.push_back(id(d));
      }
      std::set<Idx> inherited;
      std::vector<std::vector<std::string>> discards;
      if (shared) {
        ancestors({static_cast<Idx>(i)}, Edges::versioned, [&](Idx a) {
          if (a == static_cast<Idx>(i)) {
            return;
          }
          std::vector<std::string> removed;
          for (Idx d : node(a).deps) {
            inherited.insert(d);
            if (std::find(n.deps.begin(), n.deps.end(), d) != n.deps.end()) {
              removed.push_back(id(d));
            }
          }
          if (!removed.empty()) {
            discards.push_back(std::move(removed));
          }
        });
      }
      IdxList ordered = n.deps;
      if (const auto order = py::set_order(dep_ids, discards)) {
        ordered.clear();
        for (std::size_t k : *order) {
          ordered.push_back(n.deps[k]);
        }
      }
      for (Idx d : ordered) {
        if (!inherited.count(d)) {
          n.norm_deps.push_back(d);
        }
      }
      if (!n.norm_deps.empty()) {
        n.own_norm_parents = n.down;
        for (Idx d : n.norm_deps) {
          append_unique(n.own_norm_parents, d);
        }
      }
    }
  }

  compute_levels();
  propagate_labels();
}

void RevisionMap::Impl::detect_cycles() const {
  if (nodes.empty()) {
    return;
  }
  const auto all_ids = [&] {
    std::vector<std::string> out;
    for (const auto& r : revisions) {
      out.push_back(r.id);
    }
    return out;
  };
  if (heads.empty() || bases.empty()) {
    throw RevisionError("Cycle is detected in revisions (" + join_ids(all_ids()) + ")");
  }
  const auto leftover = [&](const IdxSet& down, const IdxSet& up) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (!down.contains(static_cast<Idx>(i)) || !up.contains(static_cast<Idx>(i))) {
        out.push_back(revisions[i].id);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  // Every revision must be reachable down from a head and up from a base.
  {
    const EdgeGraphs graphs = versioned_edges(*this, false);
    const IdxSet down = reach(graphs, true, heads, nodes.size());
    const IdxSet up = reach(graphs, false, bases, nodes.size());
    const auto stuck = leftover(down, up);
    if (!stuck.empty()) {
      throw RevisionError("Cycle is detected in revisions (" + join_ids(stuck) + ")");
    }
  }
  IdxList real_bases;
  for (Idx b : bases) {
    if (node(b).deps.empty()) {
      real_bases.push_back(b);
    }
  }
  if (real_heads.empty() || real_bases.empty()) {
    throw RevisionError("Dependency cycle is detected in revisions (" + join_ids(all_ids()) + ")");
  }
  const EdgeGraphs graphs = versioned_edges(*this, true);
  const IdxSet down = reach(graphs, true, real_heads, nodes.size());
  const IdxSet up = reach(graphs, false, real_bases, nodes.size());
  const auto stuck = leftover(down, up);
  if (!stuck.empty()) {
    throw RevisionError("Dependency cycle is detected in revisions (" + join_ids(stuck) + ")");
  }
}

void RevisionMap::Impl::compute_levels() {
  // Depth first over the normalized parents; a revision met again while
  // still on the stack means a cycle, and then there are no levels.
  constexpr int unseen = -1;
  constexpr int open = -2;
  level.assign(nodes.size(), unseen);
  std::vector<std::pair<Idx, std::size_t>> stack;  // (revision, next parent)
  for (std::size_t root = 0; root < nodes.size(); ++root) {
    if (level[root] != unseen) {
      continue;
    }
    level[root] = open;
    stack.emplace_back(static_cast<Idx>(root), 0);
    while (!stack.empty()) {
      auto& [x, next] = stack.back();
      const IdxList& parents = node(x).norm_parents();
      if (next < parents.size()) {
        const Idx p = parents[next++];
        int& lp = level[static_cast<std::size_t>(p)];
        if (lp == open) {
          level.clear();
          return;
        }
        if (lp == unseen) {
          lp = open;
          stack.emplace_back(p, 0);
        }
        continue;
      }
      int l = 0;
      for (Idx p : parents) {
        l = std::max(l, level[static_cast<std::size_t>(p)] + 1);
      }
      level[static_cast<std::size_t>(x)] = l;
      stack.pop_back();
    }
  }
}

void RevisionMap::Impl::propagate_labels() {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& declared = revisions[i].branch_labels;
    nodes[i].labels.insert(declared.begin(), declared.end());
  }
  for (std::size_t start = 0; start < nodes.size(); ++start) {
    if (revisions[start].branch_labels.empty()) {
      continue;
    }
    const std::set<std::string> labels = nodes[start].labels;
    // Down the branch to its heads (depth first, as Alembic walks it)...
    Idx last = static_cast<Idx>(start);
    descendants({static_cast<Idx>(start)}, Edges::versioned, [&](Idx x) {
      nodes[static_cast<std::size_t>(x)].labels.insert(labels.begin(), labels.end());
      last = x;
    });
    // ...then back up from the last revision reached, stopping at the first
    // branch point or merge point, so ancestors are labelled only along a
    // simple line.
    Idx parent = last;
    for (;;) {
      const Node& p = node(parent);
      if (p.is_real_branch_point() || p.is_merge_point()) {
        break;
      }
      nodes[static_cast<std::size_t>(parent)].labels.insert(labels.begin(), labels.end());
      if (p.down.empty()) {
        break;
      }
      parent = p.down.front();
    }
  }
}

std::optional<Idx> RevisionMap::Impl::exact(std::string_view key) const {
  auto found = keys.find(key);
  if (found == keys.end()) {
    return std::nullopt;
  }
  return found->second;
}

// ---------------------------------------------------------------------------
// Public API

RevisionMap::RevisionMap(std::vector<Revision> revisions)
    : m_impl(std::make_unique<Impl>(std::move(revisions))) {}
RevisionMap::~RevisionMap() = default;
RevisionMap::RevisionMap(RevisionMap&&) noexcept = default;
RevisionMap& RevisionMap::operator=(RevisionMap&&) noexcept = default;

const std::vector<Revision>& RevisionMap::revisions() const { return m_impl->revisions; }
bool RevisionMap::empty() const { return m_impl->nodes.empty(); }
const std::vector<std::string>& RevisionMap::duplicate_ids() const { return m_impl->duplicates; }

const Revision* RevisionMap::find(std::string_view id) const {
  auto idx = m_impl->exact(id);
  if (!idx || m_impl->id(*idx) != id) {
    return nullptr;
  }
  return &m_impl->revisions[static_cast<std::size_t>(*idx)];
}

std::vector<std::string> RevisionMap::heads() const { return m_impl->ids_of(m_impl->heads); }
std::vector<std::string> RevisionMap::real_heads() const { return m_impl->ids_of(m_impl->real_heads); }
std::vector<std::string> RevisionMap::bases() const { return m_impl->ids_of(m_impl->bases); }

namespace {
const Node& node_for(const RevisionMap::Impl& impl, std::string_view id) {
  auto idx = impl.exact(id);
  if (!idx || impl.id(*idx) != id) {
    throw ResolutionError("No such revision '" + std::string(id) + "'", std::string(id));
  }
  return impl.node(*idx);
}
}  // namespace

bool RevisionMap::is_head(std::string_view id) const { return node_for(*m_impl, id).is_head(); }
bool RevisionMap::is_real_head(std::string_view id) const {
  return node_for(*m_impl, id).is_real_head();
}
bool RevisionMap::is_base(std::string_view id) const { return node_for(*m_impl, id).is_base(); }
bool RevisionMap::is_branch_point(std::string_view id) const {
  return node_for(*m_impl, id).is_branch_point();
}
bool RevisionMap::is_merge_point(std::string_view id) const {
  return node_for(*m_impl, id).is_merge_point();
}
std::vector<std::string> RevisionMap::branch_labels(std::string_view id) const {
  const auto& labels = node_for(*m_impl, id).labels;
  return {labels.begin(), labels.end()};
}
std::vector<std::string> RevisionMap::children(std::string_view id) const {
  return m_impl->ids_of(node_for(*m_impl, id).children);
}

std::vector<std::string> RevisionMap::resolve(std::string_view text) const {
  return m_impl->ids_of(m_impl->get_revisions(text));
}

std::optional<std::string> RevisionMap::resolve_one(std::string_view text) const {
  const Idx i = m_impl->get_revision(text);
  if (i < 0) {
    return std::nullopt;
  }
  return m_impl->id(i);
}

std::vector<std::string> RevisionMap::current_tips(const std::vector<std::string>& rows) const {
  return m_impl->ids_of(m_impl->all_current(m_impl->lookup_rows(rows)));
}

std::vector<std::string> RevisionMap::suggestions(std::string_view text) const {
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& key : m_impl->key_order) {
    const std::size_t d = util::edit_distance(text, key.substr(0, std::max(text.size(), std::size_t{4})));
    if (d <= std::max<std::size_t>(1, text.size() / 4)) {
      scored.emplace_back(d, key);
    }
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& s : scored) {
    if (out.size() == 3) {
      break;
    }
    out.push_back(s.second);
  }
  return out;
}

}  // namespace retort
