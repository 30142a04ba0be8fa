#include <retort/format.hpp>

#include <algorithm>

#include "util/strings.hpp"

namespace retort::format {

namespace {

Details details_for(const Revision& rev, const DetailsFn& fn) {
  if (fn) {
    return fn(rev);
  }
  return {rev.origin, util::strip(rev.message)};
}

std::string down_text(const Revision& rev) {
  return rev.down_revisions.empty() ? "<base>" : util::join(rev.down_revisions, ", ");
}

}  // namespace

std::string line(const RevisionMap& map, const Revision& rev, const LineOptions& o) {
  std::string text = rev.id;
  if (o.include_parents) {
    if (!rev.depends_on.empty()) {
      text = down_text(rev) + " (" + util::join(rev.depends_on, ", ") + ") -> " + text;
    } else {
      text = down_text(rev) + " -> " + text;
    }
  }
  const auto labels = map.branch_labels(rev.id);
  if (o.include_branches && !labels.empty()) {
    text += " (" + util::join(labels, ", ") + ")";
  }
  if (o.head_indicators || o.tree_indicators) {
    const bool real_head = map.is_real_head(rev.id);
    if (real_head) {
      text += " (head)";
    }
    if (map.is_head(rev.id) && !real_head) {
      text += " (effective head)";
    }
    if (o.current) {
      text += " (current)";
    }
  }
  if (o.tree_indicators) {
    if (map.is_branch_point(rev.id)) {
      text += " (branchpoint)";
    }
    if (map.is_merge_point(rev.id)) {
      text += " (mergepoint)";
    }
  }
  if (o.include_doc) {
    text += ", " + rev.doc();
  }
  return text;
}

std::string verbose_block(const RevisionMap& map, const Revision& rev, const Details& d, bool current) {
  std::string out = "Rev: " + rev.id;
  if (map.is_head(rev.id)) {
    out += " (head)";
  }
  if (map.is_branch_point(rev.id)) {
    out += " (branchpoint)";
  }
  if (map.is_merge_point(rev.id)) {
    out += " (mergepoint)";
  }
  if (current) {
    out += " (current)";
  }
  out += "\n";
  out += (map.is_merge_point(rev.id) ? "Merges: " : "Parent: ") + down_text(rev) + "\n";
  if (!rev.depends_on.empty()) {
    out += "Also depends on: " + util::join(rev.depends_on, ", ") + "\n";
  }
  if (map.is_branch_point(rev.id)) {
    out += "Branches into: " + util::join(map.children(rev.id), ", ") + "\n";
  }
  const auto labels = map.branch_labels(rev.id);
  if (!labels.empty()) {
    out += "Branch names: " + util::join(labels, ", ") + "\n";
  }
  out += "Path: " + d.path + "\n";
  std::vector<std::string> lines;
  if (!d.longdoc.empty()) {
    for (const auto& l : util::split(d.longdoc, '\n')) {
      lines.push_back("    " + l);
    }
  }
  out += "\n" + util::join(lines, "\n") + "\n";
  return out;
}

std::string heads(const RevisionMap& map, bool verbose, bool resolve_dependencies,
                  const DetailsFn& details) {
  std::string out;
  for (const auto& id : resolve_dependencies ? map.real_heads() : map.heads()) {
    const Revision& rev = *map.find(id);
    if (verbose) {
      out += verbose_block(map, rev, details_for(rev, details)) + "\n";
    } else {
      out += line(map, rev, {.include_branches = true, .tree_indicators = false}) + "\n";
    }
  }
  return out;
}

std::string history(const RevisionMap& map, const std::vector<std::string>& ids, bool verbose,
                    const std::vector<std::string>& current_rows, bool indicate_current,
                    const DetailsFn& details) {
  std::string out;
  for (const auto& id : ids) {
    const Revision& rev = *map.find(id);
    const bool current = indicate_current && std::find(current_rows.begin(), current_rows.end(), id) !=
                                                 current_rows.end();
    if (verbose) {
      out += verbose_block(map, rev, details_for(rev, details), current) + "\n";
    } else {
      out += line(map, rev,
                  {.include_branches = true, .include_doc = true, .include_parents = true, .current = current}) +
             "\n";
    }
  }
  return out;
}

std::string branches(const RevisionMap& map, const std::vector<std::string>& history_ids, bool verbose,
                     const DetailsFn& details) {
  std::string out;
  for (const auto& id : history_ids) {
    if (!map.is_branch_point(id)) {
      continue;
    }
    const Revision& rev = *map.find(id);
    std::string header = verbose ? verbose_block(map, rev, details_for(rev, details))
                                 : line(map, rev, {.include_branches = true});
    std::vector<std::string> children;
    for (const auto& child : map.children(id)) {
      children.push_back(std::string(id.size(), ' ') + " -> " +
                         line(map, *map.find(child), {.include_branches = true, .include_doc = verbose}));
    }
    out += header + "\n" + util::join(children, "\n") + "\n\n";
  }
  return out;
}

std::string current(const RevisionMap& map, const std::vector<std::string>& rows, bool verbose,
                    const DetailsFn& details) {
  std::string out;
  for (const auto& id : map.current_tips(rows)) {
    const Revision& rev = *map.find(id);
    if (verbose) {
      out += verbose_block(map, rev, details_for(rev, details)) + "\n";
    } else {
      out += line(map, rev, {}) + "\n";
    }
  }
  return out;
}

}  // namespace retort::format
