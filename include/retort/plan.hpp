#pragma once
// Plans: what an upgrade, downgrade or stamp runs, in which order, and what
// the version table holds after every step. Pure functions of the graph and
// the current version rows; nothing here touches a database.

#include <string>
#include <string_view>
#include <vector>

#include <retort/revision_map.hpp>
#include <retort/version_change.hpp>

namespace retort {

enum class Direction { up, down };

struct Step {
  Direction direction = Direction::up;
  bool stamp = false;
  // Migration steps: the revision whose upgrade/downgrade runs. Empty for
  // stamp steps.
  std::string revision;
  // For the log line "<upgrade|downgrade> <from> -> <to>, <doc>" (versioned
  // parents only; stamp: the rows moved from and to).
  std::vector<std::string> from_ids;
  std::vector<std::string> to_ids;
  std::string doc;
  // Version-table changes made right after the step's migration.
  std::vector<VersionChange> changes;
  // Rows after the step, in the order the table would return them.
  std::vector<std::string> rows_after;

  // Alembic's step text: "upgrade a -> b, doc", "stamp_revision a -> b".
  std::string describe(bool with_doc = true) const;
};

struct Plan {
  std::vector<Step> steps;
  std::vector<std::string> rows_before;
  std::vector<std::string> rows_after;
  std::vector<std::string> warnings;  // e.g. "downgrade -1 from multiple heads is ambiguous"
};

// upgrade <target> from `rows` (database order). Throws RevisionError (and
// subclasses) where Alembic fails, including where Alembic itself would
// crash in its bookkeeping; then nothing may be executed.
Plan plan_upgrade(const RevisionMap& map, const std::vector<std::string>& rows,
                  std::string_view target);
Plan plan_downgrade(const RevisionMap& map, const std::vector<std::string>& rows,
                    std::string_view target);
// stamp <targets...>; with `purge` the rows are cleared first (the caller
// deletes them) and every target is inserted.
Plan plan_stamp(const RevisionMap& map, const std::vector<std::string>& rows,
                const std::vector<std::string>& targets, bool purge = false);

// The revisions `target` names, as `show` and `edit` read it (ids,
// prefixes, heads, labels, relative steps), with errors worded as Alembic's
// commands word them: "Can't locate revision identified by ..." (with the
// closest ids as hints), "Multiple head revisions are present ...".
std::vector<std::string> resolve_revisions(const RevisionMap& map, std::string_view target);

// `history -r <lower>:<upper>` iteration, newest first. `rows` are used for
// "current" ends. Empty texts mean base / heads.
std::vector<std::string> history(const RevisionMap& map, std::string_view lower,
                                 std::string_view upper,
                                 const std::vector<std::string>& rows = {});

// Splits "<start>:<end>" (history and --sql ranges). Throws CommandError
// with Alembic's message when there is not exactly one ':'.
struct Range {
  std::string start;
  std::string end;
};
Range parse_history_range(std::string_view text);

}  // namespace retort
