#pragma once
// Autogenerate: compares the declared schema (the SQL files of the
// [autogenerate] schema globs, applied to a shadow database) with the
// database, and writes or applies a migration holding the difference.
// PostgreSQL only for now; a SQLite URL gets a CommandError saying so.
//
// All functions require the database to be at its heads first (Alembic's
// "Target database is not up to date."). The shadow database is, unless
// [autogenerate] shadow_url names one, a temporary database created on the
// target server with the same credentials and always dropped afterwards,
// also when an error or Ctrl-C (SIGINT, SIGTERM, SIGHUP) ends the run; a
// shadow_url database is emptied before and after use. While a shadow
// database exists, those signals are blocked in the calling thread and
// handled by a helper thread, which drops it and then re-raises the signal.

#include <optional>
#include <string>
#include <vector>

#include <retort/commands.hpp>
#include <retort/script.hpp>

namespace retort {

// One operation of a diff, for summaries.
struct SchemaChange {
  std::string description;           // "add column users.email"
  std::string destructive;           // what the upgrade loses; empty when nothing
  std::vector<std::string> warnings;  // e.g. a NOT NULL column without default on a table with rows
  std::vector<std::string> notes;     // e.g. a possible rename, with the statement to use
};

struct SchemaDiff {
  std::vector<SchemaChange> changes;  // in upgrade order
  std::string upgrade_sql;            // the upgrade section, as the file would hold it
  std::string downgrade_sql;          // the exact inverse
  // Differences in objects retort reads but writes no SQL for (aggregates,
  // foreign tables, inheritance, triggers on views, ...),
  // e.g. "aggregate total(integer): only in the declared schema". A migration written by
  // hand must cover them; upgrade_sql lists them in a comment.
  std::vector<std::string> not_generated;

  // No changes to generate (there may still be not_generated ones).
  bool empty() const { return changes.empty(); }
  // The declared schema and the database agree on everything retort reads.
  bool in_sync() const { return changes.empty() && not_generated.empty(); }
  // The destructive changes' descriptions ("drop column users.bio: drops ...").
  std::vector<std::string> destructive() const;
  // A migration message made from the changes, e.g. "add column users.email".
  std::string message() const;
};

// Diffs the declared schema against the database (options.url or the
// config's). Writes nothing. Throws CommandError when the database is not at
// its heads or the URL is SQLite, ScriptError (file:line) when a schema file
// does not apply, ConfigError when no schema file matches, DatabaseError
// when the shadow database cannot be created (naming [autogenerate]
// shadow_url) or a connection fails.
SchemaDiff diff_against_declared(const Project& project, const RunOptions& options = {});

// check: the same diff; callers report differences as a failure.
inline SchemaDiff check(const Project& project, const RunOptions& options = {}) {
  return diff_against_declared(project, options);
}

struct DevOptions {
  std::string name;                 // the message; empty: made from the changes
  bool allow_destructive = false;   // without it, destructive changes are refused
};

struct AutogenResult {
  SchemaDiff diff;
  std::optional<Script> script;  // the file written; empty when there was no difference
  RunResult run;                 // dev: the upgrade that applied it
};

// dev: diff, write the migration through revision() (on the current head),
// then upgrade heads. No difference: writes nothing. Destructive changes are
// refused with CommandError (listing them) unless allow_destructive; nothing
// is written then.
AutogenResult dev(const Project& project, const DevOptions& dev_options,
                  const RunOptions& options = {});

// generate-from-diff / revision --autogenerate: diff and write the migration
// (revision.message empty: made from the changes) without applying it.
// With no difference nothing is written unless `write_when_empty`.
AutogenResult generate_from_diff(const Project& project, RevisionOptions revision,
                                 const RunOptions& options = {}, bool write_when_empty = false);

// Fills revision.upgrade_sql / downgrade_sql (and an empty message) from the
// diff, for `revision --autogenerate`. Returns the diff.
SchemaDiff autogenerate_into(const Project& project, RevisionOptions& revision,
                             const RunOptions& options = {});

// What autogenerate sees, as text: one line per object (columns, constraints
// and indexes under their table), sorted by name; of the database, or of the
// declared schema (through a shadow database). For debugging.
enum class SchemaSource { database, declared };
std::string schema_snapshot(const Project& project, SchemaSource source,
                            const RunOptions& options = {});

}  // namespace retort
