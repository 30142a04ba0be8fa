// Reading a project, and the commands that only write files: revision,
// merge, init.

#include <retort/commands.hpp>

#include <algorithm>
#include <fstream>
#include <unordered_map>

#include "code/registry.hpp"
#include "util/strings.hpp"

namespace retort {

namespace fs = std::filesystem;

namespace {

std::vector<Revision> revisions_of(const std::vector<Script>& scripts) {
  std::vector<Revision> out;
  out.reserve(scripts.size());
  for (const auto& s : scripts) {
    out.push_back(s.revision);
    out.back().origin = s.path.string();
  }
  return out;
}

// Alembic's CLI words for resolution failures in revision/merge.
template <class Fn>
auto resolving(const RevisionMap& map, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const MultipleHeadsError&) {
    throw CommandError(
        "Multiple heads are present; please specify the head revision on which the new revision "
        "should be based, or perform a merge.");
  } catch (const ResolutionError& e) {
    std::string message = "Can't locate revision identified by '" + e.argument() + "' (" + e.what() + ")";
    const auto hints = map.suggestions(e.argument());
    if (!hints.empty() && std::string(e.what()).rfind("No such", 0) == 0) {
      message += "; did you mean '" + util::join(hints, "', '") + "'?";
    }
    throw ResolutionError(message, e.argument());
  }
}

bool same_dir(const fs::path& a, const fs::path& b) {
  return fs::weakly_canonical(fs::absolute(a)) == fs::weakly_canonical(fs::absolute(b));
}

}  // namespace

Project::Project(Config config) : m_config(std::move(config)) {
  m_scripts = load_scripts(m_config);
  detail::merge_builtins(m_scripts, m_config.version_locations);
  for (std::size_t i = 0; i < m_scripts.size(); ++i) {
    m_script_index[m_scripts[i].revision.id] = i;
  }
  m_map = std::make_unique<RevisionMap>(revisions_of(m_scripts));
  for (const auto& id : m_map->duplicate_ids()) {
    std::vector<std::string> files;
    for (const auto& s : m_scripts) {
      if (s.revision.id == id) {
        files.push_back(s.path.string());
      }
    }
    m_warnings.push_back("revision id '" + id + "' is defined by more than one file (" +
                         util::join(files, ", ") +
                         "); the last one is used, and commands that change the database refuse "
                         "to run until one of them gets a new id");
  }
}

const Script& Project::script(std::string_view id) const {
  const auto found = m_script_index.find(std::string(id));
  if (found == m_script_index.end()) {
    throw RevisionError("no migration file defines revision '" + std::string(id) + "'");
  }
  return m_scripts[found->second];
}

Script revision(const Project& project, const RevisionOptions& options) {
  const RevisionMap& map = project.map();
  const Config& config = project.config();

  std::string rev_id = options.rev_id;
  if (rev_id.empty()) {
    do {
      rev_id = generate_rev_id();
    } while (map.find(rev_id));
  } else {
    validate_rev_id(rev_id);
    if (map.find(rev_id)) {
      throw CommandError("revision id '" + rev_id + "' is already used by " +
                         project.script(rev_id).path.string() + "; choose another --rev-id");
    }
  }

  // Parents: --head (default head), each resolved; "base" starts a new root.
  std::vector<std::string> parents;
  resolving(map, [&] {
    for (const auto& h : options.head) {
      for (const auto& id : map.resolve(h)) {
        parents.push_back(id);
      }
    }
    return 0;
  });
  {
    auto sorted = parents;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      throw CommandError("Duplicate head revisions specified");
    }
  }
  if (!options.splice) {
    for (const auto& p : parents) {
      if (!map.is_head(p)) {
        throw CommandError("Revision " + p +
                           " is not a head revision; please specify --splice to create a new "
                           "branch from this revision");
      }
    }
  }
  for (const auto& label : options.branch_labels) {
    const Revision* owner = map.find(label);
    for (const auto& r : map.revisions()) {
      if (std::find(r.branch_labels.begin(), r.branch_labels.end(), label) != r.branch_labels.end()) {
        owner = &r;
      }
    }
    if (owner) {
      throw CommandError("Branch name '" + label + "' is already used by revision " + owner->id +
                         "; choose another --branch-label");
    }
  }

  // depends_on: partial ids become full ids; labels stay labels.
  std::vector<std::string> depends_on;
  resolving(map, [&] {
    for (const auto& dep : options.depends_on) {
      const auto id = map.resolve_one(dep);
      if (!id) {
        throw ResolutionError("No such revision or branch '" + dep + "'", dep);
      }
      const auto labels = map.branch_labels(*id);
      depends_on.push_back(std::find(labels.begin(), labels.end(), dep) != labels.end() ? dep : *id);
    }
    return 0;
  });

  // Where the file goes.
  fs::path directory;
  const auto& locations = config.version_locations;
  if (!options.version_path.empty()) {
    const fs::path wanted = fs::absolute(options.version_path);
    auto it = std::find_if(locations.begin(), locations.end(),
                           [&](const fs::path& l) { return same_dir(l, wanted); });
    if (it == locations.end()) {
      throw CommandError("Path " + options.version_path +
                         " is not represented in current version locations");
    }
    directory = *it;
  } else if (locations.size() == 1) {
    directory = locations.front();
  } else if (!parents.empty()) {
    directory = project.script(parents.front()).path.parent_path();
  } else {
    throw CommandError("Multiple version locations present, please specify --version-path");
  }
  fs::create_directories(directory);

  NewRevision spec;
  spec.message = options.message;
  spec.rev_id = rev_id;
  spec.down_revisions = parents;
  spec.branch_labels = options.branch_labels;
  spec.depends_on = depends_on;
  spec.upgrade_sql = options.upgrade_sql;
  spec.downgrade_sql = options.downgrade_sql;
  spec.kind = options.kind;
  spec.directory = directory;
  return write_revision(config, std::move(spec));
}

Script merge(const Project& project, const std::vector<std::string>& revisions,
             const RevisionOptions& options) {
  RevisionOptions merged = options;
  merged.head = revisions.empty() ? std::vector<std::string>{"heads"} : revisions;
  return revision(project, merged);
}

std::vector<fs::path> init(const fs::path& dir) {
  const fs::path toml = dir / "alembic.toml";
  if (fs::exists(toml)) {
    throw CommandError(toml.string() + " already exists; retort will not overwrite it");
  }
  std::vector<fs::path> created;
  for (const char* sub : {"versions", "templates", "schema"}) {
    if (fs::create_directories(dir / sub)) {
      created.push_back(dir / sub);
    }
  }
  const auto write = [&](const fs::path& p, std::string_view text) {
    if (fs::exists(p)) {
      return;
    }
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out) {
      throw CommandError("cannot write " + p.string());
    }
    created.push_back(p);
  };
  write(toml, *builtin_template("alembic.toml.tmpl"));
  write(dir / "templates" / "migration.sql.tmpl", *builtin_template("migration.sql.tmpl"));
  write(dir / "templates" / "migration.cpp.tmpl", *builtin_template("migration.cpp.tmpl"));
  return created;
}

}  // namespace retort
