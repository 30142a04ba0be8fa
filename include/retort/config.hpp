#pragma once
// Project configuration: alembic.toml ([alembic], [database], [autogenerate]).
// Paths are absolute after loading (relative ones are taken relative to the
// folder holding the config file, or the current folder without one).

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

struct Config {
  // The file this came from; empty when running without a config file.
  std::filesystem::path config_file;

  // [alembic]
  std::filesystem::path script_location;                 // absolute
  std::vector<std::filesystem::path> version_locations;  // absolute, in order
  bool recursive_version_locations = false;
  std::string file_template =
      "%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s";
  int truncate_slug_length = 40;
  std::string timezone = "UTC";  // "UTC", "local" or "" (local), or a zoneinfo name

  // [database]
  // After interpolation and precedence: the config's url when non-empty,
  // else DATABASE_URL; with no url key at all, DATABASE_URL else
  // sqlite:///retort-dev.db. May be empty.
  std::string url;
  // Where `url` came from, for errors: "alembic.toml:3:7 ([database] url)",
  // "DATABASE_URL", or the default.
  std::string url_origin;
  std::string version_table = "alembic_version";
  std::string version_table_schema;
  bool transaction_per_migration = false;
  std::optional<int> lock_timeout_ms;       // lock_timeout (PostgreSQL setting)
  std::optional<int> statement_timeout_ms;  // statement_timeout

  // [autogenerate]
  // Globs of the declared schema files; absolute after loading (relative
  // ones are taken from the config file's folder).
  std::vector<std::string> schema = {"schema/*.sql"};
  std::string shadow_url;
  // How many connections build the shadow database at once (1 to 16).
  int shadow_connections = 2;
  std::vector<std::string> include_schemas;  // empty: the default schema only
  std::vector<std::string> exclude_tables;   // table names or globs to ignore

  // [cpp] (code migrations)
  std::string cpp_compiler = "c++";
  std::vector<std::string> cpp_flags = {"-std=c++17", "-O1"};
  // Where compiled migrations are kept; empty: script_location/.retort/cpp.
  std::filesystem::path cpp_cache_dir;
  // Compilers run at once; 0: the number of processors.
  int cpp_jobs = 0;

  // Non-fatal findings while loading, e.g.
  // "alembic.toml:4:1: unknown key 'foo' in [alembic]".
  std::vector<std::string> warnings;

  // The folder templates are looked up in (script_location/templates).
  std::filesystem::path templates_dir() const { return script_location / "templates"; }
  std::filesystem::path cpp_cache() const {
    return cpp_cache_dir.empty() ? script_location / ".retort" / "cpp" : cpp_cache_dir;
  }
};

// Looks up an environment variable; returns nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

// The process environment.
EnvLookup process_env();

// Parses config text. `file` names it in messages and anchors relative
// paths (its parent folder). Throws ConfigError ("<file>:<line>:<col>: ...")
// on syntax errors, wrong value types and bad interpolations.
Config parse_config(std::string_view text, const std::filesystem::path& file,
                    const EnvLookup& env);

// Reads and parses `file`. Throws ConfigError when it cannot be read.
Config load_config(const std::filesystem::path& file, const EnvLookup& env = process_env());

// The configuration used when there is no config file: versions/ in `dir`,
// url from DATABASE_URL.
Config default_config(const std::filesystem::path& dir, const EnvLookup& env = process_env());

// Finds the config: `explicit_file` if given (must exist), else
// ./alembic.toml when present, else default_config(current folder).
Config find_config(const std::optional<std::filesystem::path>& explicit_file,
                   const EnvLookup& env = process_env());

// Interpolates ${VAR} (empty when unset) and ${VAR:-default} (default when
// unset or empty; the default may hold references). `$$` is a literal `$`;
// a `$` not followed by `{` or `$` stays as written. Throws ConfigError on a
// malformed reference.
std::string interpolate(std::string_view text, const EnvLookup& env);

// A URL with its password replaced by "***" (for every message and log):
// the userinfo password of scheme://user:pass@host and any password=
// parameter or libpq keyword.
std::string mask_url(std::string_view url);

}  // namespace retort
