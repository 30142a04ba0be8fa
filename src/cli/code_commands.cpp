// Commands for C++ code migrations: compile.

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "code/registry.hpp"

namespace retort::cli {

namespace {

using json = nlohmann::json;

int cmd_compile(Context& ctx) {
  if (!ctx.args.empty()) {
    throw UsageError("compile takes no arguments; it builds every .cpp migration");
  }
  const Project project = ctx.project();
  PrintingObserver observer(ctx.err, ctx.quiet());
  const auto results = compile(project, ctx.run_options(&observer));
  std::size_t compiled = 0;
  for (const auto& r : results) {
    compiled += r.compiled ? 1 : 0;
  }
  if (ctx.json_output()) {
    json list = json::array();
    for (const auto& r : results) {
      list.push_back({{"source", r.source.string()},
                      {"object", r.object.string()},
                      {"compiled", r.compiled},
                      {"ms", r.elapsed.count()}});
    }
    ctx.out << list.dump(2) << "\n";
  } else if (!ctx.quiet()) {
    ctx.out << results.size() << " C++ migration(s): " << compiled << " compiled, "
            << results.size() - compiled << " up to date in " << project.config().cpp_cache().string()
            << "\n";
  }
  return 0;
}

}  // namespace

std::string code_of(const Script& script) {
  std::string text;
  if (script.builtin >= 0) {
    text = std::string(detail::builtin_migrations().at(static_cast<std::size_t>(script.builtin)).source);
  } else {
    std::ifstream in(script.path, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // Below the header (which show has already printed as the details).
  std::size_t at = text.find(script.header);
  at = at == std::string::npos ? 0 : at + script.header.size();
  while (at < text.size() && (text[at] == '\n' || text[at] == '\r')) {
    ++at;
  }
  return text.substr(at);
}

std::vector<Command> code_commands() {
  return {
      {"compile", "build every C++ (.cpp) migration into the cache, for CI (exit 1 on any error)", "", {},
       cmd_compile},
  };
}

}  // namespace retort::cli
