#pragma once
// Compiling .cpp migrations into shared objects on demand, cached by a hash
// of what went into them, and loading them.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <retort/config.hpp>
#include <retort/migration.hpp>
#include <retort/script.hpp>

namespace retort::detail {

// The two functions of one migration, from a loaded object or built in.
struct MigrationCode {
  retort_migration_fn_v1 upgrade = nullptr;
  retort_migration_fn_v1 downgrade = nullptr;
};

// What happened to one source.
struct CompileEvent {
  std::filesystem::path source;
  std::filesystem::path object;
  bool compiled = false;  // false: taken from the cache
  std::chrono::milliseconds elapsed{0};
};

// The header the cache compiles against (include/retort/migration.hpp as
// this binary was built with it).
std::string_view embedded_migration_header();

class CodeCache {
 public:
  explicit CodeCache(const Config& config);
  ~CodeCache();
  CodeCache(const CodeCache&) = delete;
  CodeCache& operator=(const CodeCache&) = delete;

  // The cache key of a source text: SHA-256 over the interface version, the
  // header, the compiler, the flags and the text.
  std::string key(std::string_view source_text) const;
  std::filesystem::path object_path(std::string_view source_text) const;

  // Makes sure every script has a current object (compiling what is missing,
  // several at once), then loads them. Returns their code in `scripts`'
  // order. `on_event` hears of each source as it is done (from the calling
  // thread). Throws ScriptError holding every compiler's own messages when
  // any fails, ConfigError when the compiler cannot be run.
  std::vector<MigrationCode> prepare(const std::vector<const Script*>& scripts,
                                     const std::function<void(const CompileEvent&)>& on_event = {});

 private:
  struct Loaded;
  const Config& m_config;
  std::filesystem::path m_dir;
  std::string m_salt;  // everything in the key but the source
  std::vector<std::unique_ptr<Loaded>> m_loaded;
};

}  // namespace retort::detail
