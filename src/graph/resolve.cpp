// Resolution of revision identifiers: ids, prefixes, labels, symbols,
// <branch>@<x>, relative steps. Messages are Alembic's RevisionMap texts.

#include <algorithm>
#include <regex>

#include "graph/map_impl.hpp"
#include "util/strings.hpp"

namespace retort {

std::optional<Relative> match_relative(std::string_view text) {
  // Alembic matches this at the start of the text and ignores what follows.
  static const std::regex pattern(R"(^(?:(.+?)@)?(\w+)?([+-]\d+))");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(text.begin(), text.end(), m, pattern)) {
    return std::nullopt;
  }
  Relative r;
  if (m[1].matched && m[1].length() > 0) {
    r.branch = m[1].str();
  }
  if (m[2].matched) {
    r.symbol = m[2].str();
  }
  r.number = m[3].str();
  long long v = 0;
  if (!util::parse_int(r.number, v) || v > 1000000000LL || v < -1000000000LL) {
    throw RevisionError("Relative revision " + r.number + " is out of range");
  }
  r.value = static_cast<int>(v);
  return r;
}

Number RevisionMap::Impl::resolve_number(std::string_view text) const {
  Number out;
  std::string_view id_part = text;
  if (const auto at = text.find('@'); at != std::string_view::npos) {
    if (at > 0) {
      out.branch = std::string(text.substr(0, at));
    }
    id_part = text.substr(at + 1);
  }
  if (id_part == "heads") {
    out.ids = ids_of(out.branch ? filter_for_lineage(heads, *out.branch) : real_heads);
  } else if (id_part == "head") {
    const Idx h = current_head(out.branch);
    if (h >= 0) {
      out.ids.push_back(id(h));
    }
  } else if (id_part == "base") {
    // nothing
  } else {
    out.ids.emplace_back(id_part);
  }
  return out;
}

IdxList RevisionMap::Impl::get_revisions(std::string_view text) const {
  const Number num = resolve_number(text);
  if (num.ids.size() == 1) {
    long long steps = 0;
    if (util::parse_int(num.ids.front(), steps) && steps < 0) {
      // "-N" / "<label>@-N": N steps down from each (labelled) head.
      IdxList out;
      for (Idx h : real_heads) {
        if (num.branch && !node(h).labels.count(*num.branch)) {
          continue;
        }
        out.push_back(walk(h, static_cast<int>(steps), std::nullopt, true));
      }
      return out;
    }
  }
  IdxList out;
  for (const auto& ident : num.ids) {
    out.push_back(revision_for_ident(ident, num.branch));
  }
  return out;
}

IdxList RevisionMap::Impl::get_revisions(const Spec& spec) const {
  if (spec.is_text) {
    return get_revisions(spec.text);
  }
  IdxList out;
  for (const auto& id_text : spec.ids) {
    const IdxList part = get_revisions(id_text);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

Idx RevisionMap::Impl::get_revision(std::string_view text) const {
  const Number num = resolve_number(text);
  if (num.ids.size() > 1) {
    throw MultipleHeadsError(num.ids, std::string(text));
  }
  if (num.ids.empty()) {
    if (num.branch) {
      resolve_branch(*num.branch);  // an unknown branch is still an error
    }
    return k_none;
  }
  return revision_for_ident(num.ids.front(), num.branch);
}

Idx RevisionMap::Impl::resolve_branch(std::string_view branch) const {
  if (auto found = exact(branch)) {
    return *found;
  }
  try {
    return revision_for_ident(branch, std::nullopt);
  } catch (const ResolutionError&) {
    throw ResolutionError("No such branch: '" + std::string(branch) + "'", std::string(branch));
  }
}

Idx RevisionMap::Impl::revision_for_ident(std::string_view ident,
                                          const std::optional<std::string>& branch) const {
  const Idx branch_rev = branch ? resolve_branch(*branch) : k_none;
  Idx found = k_none;
  if (auto hit = exact(ident)) {
    found = *hit;
  } else {
    if (ident.empty()) {
      throw ResolutionError("No such revision or branch ''", std::string(ident));
    }
    // A prefix of any id or label longer than three characters.
    std::vector<std::pair<std::string, Idx>> matches;
    for (const auto& key : key_order) {
      if (key.size() > 3 && util::starts_with(key, ident)) {
        matches.emplace_back(key, keys.at(key));
      }
    }
    if (branch && !matches.empty()) {
      IdxList candidates;
      for (const auto& m : matches) {
        candidates.push_back(m.second);
      }
      const IdxList kept = filter_for_lineage(candidates, *branch);
      std::vector<std::pair<std::string, Idx>> filtered;
      std::size_t k = 0;
      for (const auto& m : matches) {
        if (k < kept.size() && kept[k] == m.second) {
          filtered.push_back(m);
          ++k;
        }
      }
      matches = std::move(filtered);
    }
    if (matches.empty()) {
      throw ResolutionError("No such revision or branch '" + std::string(ident) + "'" +
                                (ident.size() < 4 ? "; please ensure at least four characters are "
                                                    "present for partial revision identifier matches"
                                                  : ""),
                            std::string(ident));
    }
    if (matches.size() > 1) {
      std::vector<std::string> shown;
      for (std::size_t i = 0; i < matches.size() && i < 3; ++i) {
        shown.push_back("'" + matches[i].first + "'");
      }
      throw ResolutionError("Multiple revisions start with '" + std::string(ident) + "': " +
                                util::join(shown, ", ") + "...",
                            std::string(ident));
    }
    found = matches.front().second;
  }
  if (branch && found >= 0 && !shares_lineage(found, {branch_rev}, false)) {
    throw ResolutionError("Revision " + id(found) + " is not a member of branch '" + *branch + "'",
                          std::string(ident));
  }
  return found;
}

Idx RevisionMap::Impl::current_head(const std::optional<std::string>& branch) const {
  const IdxList candidates = branch ? filter_for_lineage(heads, *branch) : heads;
  if (candidates.size() > 1) {
    throw MultipleHeadsError(ids_of(candidates), branch ? *branch + "@head" : "head");
  }
  return candidates.empty() ? k_none : candidates.front();
}

bool RevisionMap::Impl::shares_lineage(Idx target, const IdxList& against,
                                       bool include_dependencies) const {
  if (against.empty()) {
    return true;
  }
  const IdxSet up = ancestors({target}, include_dependencies ? Edges::normalized : Edges::versioned);
  const IdxSet down = descendants({target}, include_dependencies ? Edges::all : Edges::versioned);
  return std::any_of(against.begin(), against.end(),
                     [&](Idx a) { return up.contains(a) || down.contains(a); });
}

IdxList RevisionMap::Impl::filter_for_lineage(const IdxList& targets, std::string_view check_against,
                                              bool include_dependencies) const {
  const Number num = resolve_number(check_against);
  std::vector<std::string> shares;
  if (num.branch) {
    shares.push_back(*num.branch);
  }
  shares.insert(shares.end(), num.ids.begin(), num.ids.end());
  if (targets.empty() || shares.empty()) {
    return targets;
  }
  IdxList against;
  for (const auto& s : shares) {
    against.push_back(revision_for_ident(s, std::nullopt));
  }
  IdxList out;
  for (Idx t : targets) {
    if (t >= 0 && shares_lineage(t, against, include_dependencies)) {
      out.push_back(t);
    }
  }
  return out;
}

Idx RevisionMap::Impl::walk(Idx start, int steps, const std::optional<std::string>& branch,
                            bool no_overwalk) const {
  Idx at = start;
  const int count = steps < 0 ? -steps : steps;
  for (int i = 0; i < count; ++i) {
    IdxList next;
    if (steps > 0) {
      if (at == k_base) {
        throw RevisionError("Relative revision " + std::to_string(steps) +
                            " cannot walk up from the base");
      }
      next = at == k_none ? bases : node(at).children;
      if (branch) {
        next = filter_for_lineage(next, *branch);
      }
    } else if (at != k_base) {
      next = at == k_none ? heads : node(at).down;
      if (next.empty()) {
        next.push_back(k_base);
      }
    }
    if (next.empty()) {
      return no_overwalk ? k_none : at;
    }
    if (next.size() > 1) {
      throw RevisionError("Ambiguous walk");
    }
    at = next.front();
  }
  return at;
}

IdxList RevisionMap::Impl::lookup_rows(const std::vector<std::string>& rows) const {
  return get_revisions(Spec::of_ids(rows));
}

}  // namespace retort
