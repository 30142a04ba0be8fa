#include "code/code_steps.hpp"

#include <retort/error.hpp>

#include "code/registry.hpp"

namespace retort::detail {

namespace {

std::vector<CompileEvent> prepare(CodeCache& cache, const std::vector<const Script*>& scripts,
                                  Observer* observer, std::vector<MigrationCode>* code) {
  std::vector<CompileEvent> events;
  auto loaded = cache.prepare(scripts, [&](const CompileEvent& e) {
    events.push_back(e);
    if (observer != nullptr) {
      observer->code_ready(e.source, e.compiled, e.elapsed);
    }
  });
  if (code != nullptr) {
    *code = std::move(loaded);
  }
  return events;
}

}  // namespace

CodeSteps::CodeSteps(const Project& project, const std::vector<Step>& steps, Observer* observer) {
  std::vector<const Script*> to_compile;
  for (const Step& step : steps) {
    if (step.stamp || m_code.count(step.revision) != 0) {
      continue;
    }
    const Script& script = project.script(step.revision);
    if (script.kind != ScriptKind::cpp) {
      continue;
    }
    if (script.builtin >= 0) {
      const auto& b = builtin_migrations().at(static_cast<std::size_t>(script.builtin));
      m_code[step.revision] = {b.upgrade, b.downgrade};
      continue;
    }
    m_code[step.revision] = {};
    to_compile.push_back(&script);
  }
  if (to_compile.empty()) {
    return;
  }
  m_cache = std::make_unique<CodeCache>(project.config());
  std::vector<MigrationCode> code;
  prepare(*m_cache, to_compile, observer, &code);
  for (std::size_t i = 0; i < to_compile.size(); ++i) {
    m_code[to_compile[i]->revision.id] = code[i];
  }
}

retort_migration_fn_v1 CodeSteps::function(const Step& step) const {
  const auto found = m_code.find(step.revision);
  if (found == m_code.end()) {
    throw CommandError("internal error: no code prepared for revision " + step.revision);
  }
  return step.direction == Direction::up ? found->second.upgrade : found->second.downgrade;
}

std::vector<CompileEvent> compile_scripts(const Project& project, const std::vector<const Script*>& scripts,
                                          Observer* observer) {
  std::vector<const Script*> to_compile;
  for (const Script* s : scripts) {
    if (s->kind == ScriptKind::cpp && s->builtin < 0) {
      to_compile.push_back(s);
    }
  }
  CodeCache cache(project.config());
  return prepare(cache, to_compile, observer, nullptr);
}

}  // namespace retort::detail
