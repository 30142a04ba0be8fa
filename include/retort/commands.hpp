#pragma once
// One function per command, returning results. Nothing here parses argv or
// prints: events go to an Observer, results come back as values.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <retort/config.hpp>
#include <retort/plan.hpp>
#include <retort/revision_map.hpp>
#include <retort/script.hpp>

namespace retort {

// Receives progress from long-running commands. All methods may be called
// from the calling thread only.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void step_finished(const Step& /*step*/, std::chrono::milliseconds /*elapsed*/) {}
  virtual void warning(std::string_view /*message*/) {}
  // A .cpp migration's object is ready: compiled now, or found in the cache.
  virtual void code_ready(const std::filesystem::path& /*source*/, bool /*compiled*/,
                          std::chrono::milliseconds /*elapsed*/) {}
  // A code migration's ctx.info() (warning false) or ctx.warning().
  virtual void migration_message(std::string_view /*revision*/, bool /*warning*/,
                                 std::string_view /*message*/) {}
};

// The files of a project, read and linked into a graph.
class Project {
 public:
  // Reads every version location. Throws ScriptError / RevisionError.
  explicit Project(Config config);

  const Config& config() const { return m_config; }
  const RevisionMap& map() const { return *m_map; }
  const std::vector<Script>& scripts() const { return m_scripts; }
  // The script defining `id` (the later file when an id is defined twice).
  const Script& script(std::string_view id) const;
  // Problems worth a warning that do not stop read-only commands.
  const std::vector<std::string>& warnings() const { return m_warnings; }

 private:
  Config m_config;
  std::vector<Script> m_scripts;
  std::unique_ptr<RevisionMap> m_map;
  std::vector<std::string> m_warnings;
  std::unordered_map<std::string, std::size_t> m_script_index;  // id -> last file defining it
};

struct RunOptions {
  std::string url;  // overrides the config's url when not empty
  // -x key=value arguments, in order, for code migrations (ctx.arg()).
  std::vector<std::pair<std::string, std::string>> x_args;
  std::optional<std::chrono::milliseconds> lock_timeout;
  Observer* observer = nullptr;
};

struct RunResult {
  Plan plan;
  std::string sql;  // offline mode: the rendered script
};

// upgrade TARGET (online). Applies the plan through the configured database.
RunResult upgrade(const Project& project, std::string_view target, const RunOptions& options = {});
// For applications: reads the project `config` describes, code migrations
// built in with retort_add_migrations() included, and upgrades its database
// to `target` (e.g. "heads"). Built-in code needs no compiler.
RunResult upgrade(const Config& config, std::string_view target, const RunOptions& options = {});
RunResult downgrade(const Project& project, std::string_view target, const RunOptions& options = {});
RunResult stamp(const Project& project, const std::vector<std::string>& targets, bool purge,
                const RunOptions& options = {});

// Offline (--sql): renders the plan of `range` ("[start:]end") as SQL for
// the database kind of the configured URL (postgresql unless sqlite://).
RunResult upgrade_sql(const Project& project, std::string_view range, const RunOptions& options = {});
RunResult downgrade_sql(const Project& project, std::string_view range, const RunOptions& options = {});
RunResult stamp_sql(const Project& project, const std::vector<std::string>& targets,
                    const RunOptions& options = {});

// compile: builds every .cpp migration of the project that is not built in
// (cached ones are reused; several compilers at once). Returns the sources
// and whether each was compiled now. Throws ScriptError holding the
// compilers' messages when any fails.
struct CompileResult {
  std::filesystem::path source;
  std::filesystem::path object;
  bool compiled = false;
  std::chrono::milliseconds elapsed{0};
};
std::vector<CompileResult> compile(const Project& project, const RunOptions& options = {});

// ensure_version: creates the version table when it does not exist, and
// nothing else. The _sql form renders its CREATE TABLE (in BEGIN/COMMIT on
// PostgreSQL unless transaction_per_migration), touching no database.
RunResult ensure_version(const Project& project, const RunOptions& options = {});
RunResult ensure_version_sql(const Project& project, const RunOptions& options = {});

// The version table's rows (database order); empty when it does not exist.
std::vector<std::string> current_rows(const Project& project, const RunOptions& options = {});

struct Status {
  std::vector<std::string> rows;            // version table, database order
  std::vector<std::string> current;         // tips (rows plus implied revisions)
  std::vector<std::string> heads;
  std::vector<Step> pending;                // what `push` would run, in order
  std::vector<std::string> unknown_rows;    // rows no file defines
};
Status status(const Project& project, const RunOptions& options = {});

// Drops everything in the database (and the version table), then pushes.
RunResult reset(const Project& project, const RunOptions& options = {});
// The name reset asks the user to type.
std::string database_name(const Project& project, const RunOptions& options = {});

struct RevisionOptions {
  std::string message;
  std::vector<std::string> head = {"head"};   // --head (repeatable for merges)
  bool splice = false;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string rev_id;
  std::string version_path;
  std::string upgrade_sql;
  std::string downgrade_sql;
  ScriptKind kind = ScriptKind::sql;
};
// revision / generate: writes a new revision file. Returns it.
Script revision(const Project& project, const RevisionOptions& options);
// merge REVS...: a revision whose parents are `revisions` (default: heads).
Script merge(const Project& project, const std::vector<std::string>& revisions,
             const RevisionOptions& options);

// init: scaffolds alembic.toml, versions/, templates/, schema/ in `dir`.
// Returns the paths created. Refuses to overwrite an existing alembic.toml.
std::vector<std::filesystem::path> init(const std::filesystem::path& dir);

}  // namespace retort
