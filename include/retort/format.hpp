#pragma once
// Alembic's plain-text renderings of revisions (history, heads, branches,
// current, show), character for character. Rendering only: nothing prints.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <retort/revision_map.hpp>

namespace retort::format {

// What the verbose block needs beyond the graph: the file and its full
// docstring-like text. Defaults: no path, the revision's message.
struct Details {
  std::string path;
  std::string longdoc;
};
using DetailsFn = std::function<Details(const Revision&)>;

struct LineOptions {
  bool include_branches = false;
  bool include_doc = false;
  bool include_parents = false;
  bool tree_indicators = true;
  bool head_indicators = true;
  bool current = false;  // append " (current)"
};

// One revision on one line, e.g. "ae10 -> 27c6 (shoppingcart) (head), add cart".
std::string line(const RevisionMap& map, const Revision& rev, const LineOptions& options);
// The "Rev: ...\nParent: ...\nPath: ...\n\n    doc\n" block.
std::string verbose_block(const RevisionMap& map, const Revision& rev, const Details& details,
                          bool current = false);

// Whole command outputs (each ends with a newline per line, as printed).
std::string heads(const RevisionMap& map, bool verbose, bool resolve_dependencies,
                  const DetailsFn& details = {});
std::string history(const RevisionMap& map, const std::vector<std::string>& ids, bool verbose,
                    const std::vector<std::string>& current_rows = {}, bool indicate_current = false,
                    const DetailsFn& details = {});
std::string branches(const RevisionMap& map, const std::vector<std::string>& history_ids,
                     bool verbose, const DetailsFn& details = {});
std::string current(const RevisionMap& map, const std::vector<std::string>& rows, bool verbose,
                    const DetailsFn& details = {});

}  // namespace retort::format
