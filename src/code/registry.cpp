// The registry of built-in code migrations.

#include "code/registry.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <mutex>
#include <unordered_map>

#include <retort/error.hpp>

namespace retort::detail {

namespace fs = std::filesystem;

namespace {

struct Registry {
  std::mutex mutex;
  std::vector<BuiltinMigration> migrations;
  std::vector<std::string> errors;  // registrations refused (ABI mismatch)
};

Registry& registry() {
  static Registry r;  // constructed on first use: registrations run before main()
  return r;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

const std::vector<BuiltinMigration>& builtin_migrations() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  if (!r.errors.empty()) {
    throw ScriptError(r.errors.front());
  }
  return r.migrations;
}

void merge_builtins(std::vector<Script>& scripts, const std::vector<fs::path>& locations) {
  const auto& builtins = builtin_migrations();
  if (builtins.empty()) {
    return;
  }
  std::unordered_map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    by_id[scripts[i].revision.id] = i;
  }
  const fs::path home = locations.empty() ? fs::path("versions") : locations.front();
  std::vector<Script> added;
  for (std::size_t b = 0; b < builtins.size(); ++b) {
    const BuiltinMigration& m = builtins[b];
    // retort_add_migrations builds in .sql files as text, with no functions.
    const bool is_sql = m.file_name.ends_with(".sql");
    Script parsed = is_sql ? parse_sql_script(m.source, home / m.file_name)
                           : parse_cpp_script(m.source, home / m.file_name);
    const auto found = by_id.find(parsed.revision.id);
    if (found == by_id.end()) {
      parsed.builtin = static_cast<int>(b);
      added.push_back(std::move(parsed));
      continue;
    }
    Script& on_disk = scripts[found->second];
    if (on_disk.kind != parsed.kind || read_text(on_disk.path) != m.source) {
      throw ScriptError(on_disk.path, 0,
                        "revision " + parsed.revision.id +
                            " is built into this application (from " + m.file_name +
                            ") but the file on disk differs from the built-in copy; rebuild the "
                            "application with this file, or restore the file it was built from");
    }
    on_disk.builtin = static_cast<int>(b);
  }
  // Place each built-in-only script among the first location's files, by
  // file name (the order Alembic reads a folder in).
  const auto is_home = [&](const Script& other) { return other.path.parent_path() == home; };
  for (Script& s : added) {
    const std::string name = s.path.filename().string();
    auto at = std::find_if(scripts.begin(), scripts.end(), [&](const Script& other) {
      return is_home(other) && other.path.filename().string() > name;
    });
    if (at == scripts.end()) {
      const auto last_home = std::find_if(scripts.rbegin(), scripts.rend(), is_home);
      at = last_home == scripts.rend() ? scripts.begin() : last_home.base();
    }
    scripts.insert(at, std::move(s));
  }
}

}  // namespace retort::detail

extern "C" int retort_builtin_register_v1(unsigned abi, const char* file_name, const char* source,
                                          size_t source_size, retort_migration_fn_v1 upgrade,
                                          retort_migration_fn_v1 downgrade) {
  using retort::detail::registry;
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  if (abi != RETORT_MIGRATION_ABI) {
    r.errors.push_back(std::string("built-in migration ") + file_name + " was compiled against " +
                       "migration interface " + std::to_string(abi) + ", this retort has " +
                       std::to_string(RETORT_MIGRATION_ABI) + "; rebuild the application");
    return 1;
  }
  r.migrations.push_back({file_name, std::string_view(source, source_size), upgrade, downgrade});
  return 0;
}
