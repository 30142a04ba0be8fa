#pragma once
// Code migrations built into the running application (retort_add_migrations
// in CMake): each registers itself at start-up, before main().

#include <string>
#include <string_view>
#include <vector>

#include <retort/migration.hpp>
#include <retort/script.hpp>

namespace retort::detail {

struct BuiltinMigration {
  std::string file_name;    // as in versions/, e.g. "2026_..._backfill.cpp"
  std::string_view source;  // the file's text when the application was built
  retort_migration_fn_v1 upgrade = nullptr;
  retort_migration_fn_v1 downgrade = nullptr;
};

// Every built-in migration, in registration order.
const std::vector<BuiltinMigration>& builtin_migrations();

// Joins the built-in migrations to the scripts read from disk: a revision
// both on disk and built in uses the built-in code (Script::builtin), and
// must have the same text; one only built in is added (path: the first
// version location / its file name, which need not exist), placed among
// that folder's files by name. Throws ScriptError for a built-in source that
// does not parse and for a file on disk that differs from its built-in
// copy.
void merge_builtins(std::vector<Script>& scripts, const std::vector<std::filesystem::path>& locations);

}  // namespace retort::detail
