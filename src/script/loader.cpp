// Reading the version locations. The order files are read in is Alembic's
// "map order" (ALEMBIC.md 14.5): it decides the order of independent
// branches, so it must be deterministic.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
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

// One open, one fstat, reads straight into the string: loading thousands of
// files is bound by system calls, so keep them few.
std::string read_whole_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    throw ScriptError(path, 0, std::string("cannot read the file: ") + std::strerror(err));
  }
  struct stat st {};
  std::string text;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    text.reserve(static_cast<std::size_t>(st.st_size));
  }
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
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
    text.append(buffer, static_cast<std::size_t>(n));
  }
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
    const fs::path folder_key = canonical_ec ? dir : canonical;
    struct Entry {
      std::string name;
      fs::path path;
      bool symlink = false;
    };
    std::vector<Entry> files;
    std::vector<Entry> folders;
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
          folders.push_back({name, entry.path(), false});
        }
      } else if (entry.is_regular_file(type_ec)) {
        const auto dot = name.rfind('.');
        const std::string_view ext = dot == std::string::npos ? std::string_view{}
                                                              : std::string_view(name).substr(dot);
        if (ext == ".sql" || ext == ".py" || ext == ".cpp") {
          files.push_back({name, entry.path(), entry.is_symlink(type_ec)});
        }
      }
    }
    auto by_name = [](const Entry& a, const Entry& b) { return a.name < b.name; };
    std::sort(files.begin(), files.end(), by_name);
    std::sort(folders.begin(), folders.end(), by_name);
    for (const Entry& file : files) {
      // Only a symlinked file can be the same file as one in another folder.
      load_file(file.path, file.symlink ? fs::path{} : folder_key / file.name);
    }
    for (const Entry& folder : folders) {
      load_folder(folder.path);
    }
  }

  std::vector<Script> take() { return std::move(m_scripts); }

 private:
  void load_file(const fs::path& file, fs::path canonical) {
    if (canonical.empty()) {
      std::error_code ec;
      canonical = fs::weakly_canonical(file, ec);
      if (ec) {
        canonical = file;
      }
    }
    if (!m_seen.insert(canonical.string()).second) {
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
