#pragma once
// A folder under the system temp dir, removed with everything in it when the
// object goes away.

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace retort::test {

class TempDir {
 public:
  // A new folder in `base` (default: the system temp dir).
  explicit TempDir(const std::filesystem::path& base = std::filesystem::temp_directory_path()) {
    std::random_device rd;
    for (;;) {
      auto candidate = base / ("retort-test-" + std::to_string(rd()));
      if (std::filesystem::create_directory(candidate)) {
        m_path = candidate;
        break;
      }
    }
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  const std::filesystem::path& path() const { return m_path; }

  // Writes `content` to path()/relative, creating folders; returns the path.
  std::filesystem::path write(const std::filesystem::path& relative, std::string_view content) const {
    const auto p = m_path / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    return p;
  }

 private:
  std::filesystem::path m_path;
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace retort::test
