// Reading the version locations. The order files are read in is Alembic's
// "map order" (ALEMBIC.md 14.5): it decides the order of independent
// branches, so it must be deterministic.

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_set>

#include <retort/error.hpp>
#include <retort/script.hpp>

namespace retort {
namespace {

namespace fs = std::filesystem;

bool ignored_name(const std::string& name) {
  // Hidden files, editor lock files (.#x) and package markers.
  return name.empty() || name.front() == '.' || name.rfind("__init__", 0) == 0;
}

// `folder / name` as std::filesystem spells it (a separator only where the
// folder does not already end with one), as a plain string.
std::string joined(const std::string& folder, std::string_view name) {
  std::string out;
  out.reserve(folder.size() + 1 + name.size());
  out = folder;
  if (!out.empty() && out.back() != '/') {
    out.push_back('/');
  }
  out.append(name);
  return out;
}

// One open, one fstat, reads straight into the string: loading thousands of
// files is bound by system calls, so keep them few.
std::string read_whole_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    throw ScriptError(path, 0, std::string("cannot read the file: ") + std::strerror(err));
  }
  struct stat st {};
  std::string text;
  // One byte more than the size, so the read that finds the end needs no
  // room of its own; a file that grows meanwhile is read to its end.
  text.resize(::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 4096);
  std::size_t used = 0;
  for (;;) {
    if (used == text.size()) {
      text.resize(text.size() * 2);
    }
    const ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n == 0) {
      break;
    }
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      const int err = errno;
      ::close(fd);
      throw ScriptError(path, 0, std::string("cannot read the file: ") + std::strerror(err));
    }
    used += static_cast<std::size_t>(n);
  }
  text.resize(used);
  ::close(fd);
  return text;
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
    const std::string folder_key = (canonical_ec ? dir : canonical).string();
    const std::string folder = dir.string();
    // readdir rather than std::filesystem::directory_iterator: the entry
    // type comes with the name, and no path object is built per entry.
    struct Entry {
      std::string name;
      ScriptKind kind = ScriptKind::sql;
      bool symlink = false;
    };
    std::vector<Entry> files;
    std::vector<std::string> folders;
    DIR* const listing = ::opendir(folder.c_str());
    if (listing == nullptr) {
      return;  // missing or unreadable location: skipped, as Alembic does
    }
    for (;;) {
      errno = 0;
      const dirent* const entry = ::readdir(listing);
      if (entry == nullptr) {
        const int err = errno;
        ::closedir(listing);
        if (err != 0) {
          throw ScriptError(dir, 0, std::string("cannot list the folder: ") + std::strerror(err));
        }
        break;
      }
      std::string name = entry->d_name;
      if (ignored_name(name)) {
        continue;
      }
      // Folders and files as std::filesystem reports them: through a
      // symlink to what it points at.
      bool is_dir = entry->d_type == DT_DIR;
      bool is_file = entry->d_type == DT_REG;
      bool symlink = entry->d_type == DT_LNK;
      if (entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN) {
        const std::string path = joined(folder, name);
        struct stat st {};
        if (entry->d_type == DT_UNKNOWN && ::lstat(path.c_str(), &st) == 0) {
          symlink = S_ISLNK(st.st_mode);
        }
        if (::stat(path.c_str(), &st) == 0) {
          is_dir = S_ISDIR(st.st_mode);
          is_file = S_ISREG(st.st_mode);
        }
      }
      if (is_dir) {
        if (m_recursive && name != "__pycache__") {
          folders.push_back(std::move(name));
        }
      } else if (is_file) {
        const auto dot = name.rfind('.');
        const std::string_view ext = dot == std::string::npos ? std::string_view{}
                                                              : std::string_view(name).substr(dot);
        const std::optional<ScriptKind> kind = ext == ".sql"   ? ScriptKind::sql
                                               : ext == ".py"  ? ScriptKind::python
                                               : ext == ".cpp" ? std::optional(ScriptKind::cpp)
                                                               : std::nullopt;
        if (kind) {
          files.push_back({std::move(name), *kind, symlink});
        }
      }
    }
    std::sort(files.begin(), files.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    std::sort(folders.begin(), folders.end());
    m_scripts.reserve(m_scripts.size() + files.size());
    for (const Entry& file : files) {
      std::string path = joined(folder, file.name);
      // Only a symlinked file can be the same file as one in another folder.
      std::string key;
      if (file.symlink) {
        std::error_code ec;
        key = fs::weakly_canonical(path, ec).string();
        if (ec) {
          key = path;
        }
      } else {
        key = joined(folder_key, file.name);
      }
      load_file(std::move(path), file.kind, std::move(key));
    }
    for (const std::string& name : folders) {
      load_folder(fs::path(joined(folder, name)));
    }
  }

  std::vector<Script> take() { return std::move(m_scripts); }

 private:
  void load_file(std::string path, ScriptKind kind, std::string key) {
    if (!m_seen.insert(std::move(key)).second) {
      return;
    }
    const std::string text = read_whole_file(path);
    const fs::path file(std::move(path));
    switch (kind) {
      case ScriptKind::sql:
        m_scripts.push_back(parse_sql_script(text, file));
        break;
      case ScriptKind::python:
        m_scripts.push_back(parse_python_script(text, file));
        break;
      case ScriptKind::cpp:
        m_scripts.push_back(parse_cpp_script(text, file));
        break;
    }
  }

  bool m_recursive;
  std::unordered_set<std::string> m_seen;
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
