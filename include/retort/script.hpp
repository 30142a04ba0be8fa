#pragma once
// Migration files: reading versions/ (.sql, Alembic .py for metadata, .cpp
// headers) and writing new revision files from templates.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <retort/config.hpp>
#include <retort/revision.hpp>

namespace retort {

enum class ScriptKind { sql, python, cpp };

struct Section {
  std::string body;        // the text between this marker and the next
  int first_line = 0;      // 1-based line in the file of the body's first line
  bool transactional = true;  // false for "-- migrate:upgrade transaction:false"
  bool present = false;       // the marker exists in the file
};

struct Script {
  Revision revision;
  ScriptKind kind = ScriptKind::sql;
  std::filesystem::path path;  // absolute
  std::string create_date;     // as written in the header, may be empty
  std::string header;          // the header block as written (comment lines)
  Section upgrade;
  Section downgrade;
  // .cpp only: the index of the built-in copy (compiled into the running
  // application by retort_add_migrations) in builtin_migrations(), or -1.
  int builtin = -1;
};

// Parses a .sql migration (DESIGN.md format). `path` is used in messages.
// The header is the `--` comment block before the first `-- migrate:`
// marker: its first line is the message (unless it is already a key), which
// runs until the first key line; then `Revision ID:` (required), `Revises:`,
// `Create Date:`, `Branch Labels:`, `Depends On:`, each at most once. Section
// bodies have trailing whitespace removed. Throws ScriptError with file:line
// and what was expected.
Script parse_sql_script(std::string_view text, const std::filesystem::path& path);

// Parses an Alembic .py revision for its metadata only (revision,
// down_revision, branch_labels, depends_on as module-level literals; the
// module docstring, stripped, as the message). A file without `revision`
// named <lowercase hex>.py takes its id from the name. Sections are not
// present. Throws ScriptError (file:line where there is one).
Script parse_python_script(std::string_view text, const std::filesystem::path& path);

// Parses a .cpp code migration's leading `//` header (same fields as .sql);
// code or a `// migrate:` marker ends it. A `// migrate:upgrade` or
// `// migrate:downgrade` line anywhere (options as in .sql, e.g.
// transaction:false) marks that section present with its options; section
// bodies stay empty (the code is the file).
Script parse_cpp_script(std::string_view text, const std::filesystem::path& path);

// Reads every revision file of the configured version locations: files in
// ascending name order per folder, a folder's own files before its
// subfolders' (when recursive). Missing locations are skipped. Files that are
// not .sql/.py/.cpp (and __init__*, names starting with '.', __pycache__/)
// are ignored. A file reached twice through two locations is read once.
// Throws ScriptError for a file that cannot be read or parsed.
std::vector<Script> load_scripts(const Config& config);

// What a new revision file holds.
struct NewRevision {
  std::string message;
  std::string rev_id;                        // empty: a fresh 12-hex id
  std::vector<std::string> down_revisions;   // full ids
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string upgrade_sql;                   // body of the upgrade section
  std::string downgrade_sql;
  ScriptKind kind = ScriptKind::sql;         // sql or cpp
  std::filesystem::path directory;           // version folder to write into
};

// Renders and writes a new revision file from the project's templates/
// (else the copy compiled into the binary), named by file_template plus
// .sql/.cpp, in `directory` (default: the first version location; created
// when missing). `now`, in config.timezone, feeds the date tokens and
// Create Date ("YYYY-MM-DD HH:MM:SS.ffffff", "+HH:MM" appended unless the
// zone is local). The rendered text is parsed back before anything is
// written. Returns the script as written (path absolute).
// Throws RevisionError (bad rev_id), ConfigError (bad file_template, a name
// leaving `directory`, "Can't locate timezone: <tz>"), CommandError (the file
// exists; bad list entries; branch labels the template dropped) and
// ScriptError (bad template, or a file that would not read back as given).
// Naming a timezone other than UTC/local briefly swaps TZ under a lock.
Script write_revision(const Config& config, NewRevision spec,
                      std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// Alembic's slug rule: runs of word characters joined by '_', lower-cased,
// truncated to `truncate` (cut at the last '_' then '_' appended).
std::string make_slug(std::string_view message, int truncate = 40);

// Expands Alembic's %(token)s / %(token)d / %(token).2d file_template.
struct TemplateTokens {
  std::string rev, slug;
  long long epoch = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};
std::string expand_file_template(std::string_view file_template, const TemplateTokens& tokens);

// A fresh revision id: 12 random lowercase hex characters.
std::string generate_rev_id();

// Throws RevisionError "Character(s) '<chars>' not allowed in revision
// identifier '<id>'" when id contains any of @ - + : (Alembic's rule), and
// also when it is empty or holds whitespace, control characters, '/', '\'
// or ',' (which the file header and file names cannot carry).
void validate_rev_id(std::string_view id);

// A named template: project templates/ first, then the compiled-in copy.
// Names: migration.sql.tmpl, migration.cpp.tmpl, alembic.toml.tmpl.
// Migration templates use `${name}` placeholders (message, rev_id, revises,
// create_date, branch_labels, depends_on, upgrade, downgrade); `${name?}`
// drops its whole line when the value is empty; `$$` is a literal `$`; a
// multi-line value repeats the text before it on each line. alembic.toml.tmpl
// is copied as is (its `${...}` are the config's own interpolations).
// load_template throws ScriptError when neither exists.
std::string load_template(const Config& config, std::string_view name);
std::optional<std::string_view> builtin_template(std::string_view name);

}  // namespace retort
