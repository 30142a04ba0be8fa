#pragma once
// The code of the .cpp steps of a plan, ready to call: built in, or
// compiled (cached) and loaded before anything runs.

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <retort/commands.hpp>

#include "code/compiler.hpp"

namespace retort::detail {

class CodeSteps {
 public:
  // Prepares every .cpp script among `steps` (stamps skipped). Throws
  // ScriptError / ConfigError (see CodeCache::prepare) before anything runs.
  CodeSteps(const Project& project, const std::vector<Step>& steps, Observer* observer);

  // The function for one step; the step must have been among `steps`.
  retort_migration_fn_v1 function(const Step& step) const;

 private:
  std::unique_ptr<CodeCache> m_cache;
  std::unordered_map<std::string, MigrationCode> m_code;
};

// Compiles (or finds cached) the given .cpp scripts, built-in ones skipped.
std::vector<CompileEvent> compile_scripts(const Project& project, const std::vector<const Script*>& scripts,
                                          Observer* observer);

}  // namespace retort::detail
