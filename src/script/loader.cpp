// Reading the version locations. The order files are read in is Alembic's
// "map order" (ALEMBIC.md 14.5): it decides the order of independent
// branches, so it must be deterministic.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <retort/error.hpp>
#include <retort/script.hpp>

namespace retort {
namespace {

namespace fs = std::filesystem;

bool ignored_name(const std::string& name) {
  // Hidden files, editor lock files (.#x) and package markers.
  return name.empty() || name.front() == '.' || name.rfind("__init__", 0) == 0;
}

std::string read_whole_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw ScriptError(path, 0, std::string("cannot read the file: ") + std::strerror(err));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw ScriptError(path, 0, "cannot read the file");
  }
  return text.str();
}

class Loader {
 public:
  explicit Loader(bool recursive) : m_recursive(recursive) {}

  void load_folder(const fs::path& dir) {
    // A symlinked folder may lead back up the tree; visit each folder once.
    std::error_code canonical_ec;
    const fs::path canonical = fs::weakly_canonical(dir, canonical_ec);
    if (!m_seen_folders.insert(canonical_ec ? dir : canonical).second) {
      return;
    }
    std::vector<fs::path> files;
    std::vector<fs::path> folders;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      return;  // missing or unreadable location: skipped, as Alembic does
    }
    for (const fs::directory_entry& entry : it) {
      const std::string name = entry.path().filename().string();
      if (ignored_name(name)) {
        continue;
      }
      std::error_code type_ec;
      if (entry.is_directory(type_ec)) {
        if (m_recursive && name != "__pycache__") {
          folders.push_back(entry.path());
        }
      } else if (entry.is_regular_file(type_ec)) {
        const std::string ext = entry.path().extension().string();
        if (ext == ".sql" || ext == ".py" || ext == ".cpp") {
          files.push_back(entry.path());
        }
      }
    }
    auto by_name = [](const fs::path& a, const fs::path& b) {
      return a.filename().string() < b.filename().string();
    };
    std::sort(files.begin(), files.end(), by_name);
    std::sort(folders.begin(), folders.end(), by_name);
    for (const fs::path& file : files) {
      load_file(file);
    }
    for (const fs::path& folder : folders) {
      load_folder(folder);
    }
  }

  std::vector<Script> take() { return std::move(m_scripts); }

 private:
  void load_file(const fs::path& file) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(file, ec);
    if (ec) {
      canonical = file;
    }
    if (!m_seen.insert(canonical).second) {
      return;
    }
    const std::string text = read_whole_file(file);
    const std::string ext = file.extension().string();
    if (ext == ".sql") {
      m_scripts.push_back(parse_sql_script(text, file));
    } else if (ext == ".py") {
      m_scripts.push_back(parse_python_script(text, file));
    } else {
      m_scripts.push_back(parse_cpp_script(text, file));
    }
  }

  bool m_recursive;
  std::set<fs::path> m_seen;
  std::set<fs::path> m_seen_folders;
  std::vector<Script> m_scripts;
};

}  // namespace

std::vector<Script> load_scripts(const Config& config) {
  Loader loader(config.recursive_version_locations);
  for (const fs::path& location : config.version_locations) {
    loader.load_folder(fs::absolute(location));
  }
  return loader.take();
}

}  // namespace retort
