#pragma once
// Reading ../shared/oracle/public.json (a copy lives in tests/oracle/): the
// scenarios recorded by running real Alembic 1.8.1, and the normalisation
// of printed output that compare.py applies.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <retort/revision.hpp>

namespace retort::test {

// The scenarios of one JSON file (parsed once per path). A missing file
// reads as no scenarios when `allow_missing`.
inline const nlohmann::json& oracle_scenarios_at(const std::string& path, bool allow_missing = false) {
  static std::map<std::string, nlohmann::json> cache;
  auto it = cache.find(path);
  if (it == cache.end()) {
    std::ifstream in(path);
    if (!in && allow_missing) {
      it = cache.emplace(path, nlohmann::json::array()).first;
    } else {
      it = cache.emplace(path, nlohmann::json::parse(in)).first;
    }
  }
  return it->second;
}

inline std::vector<std::string> oracle_scenario_names_at(const std::string& path, bool allow_missing = false) {
  std::vector<std::string> out;
  for (const auto& s : oracle_scenarios_at(path, allow_missing)) {
    out.push_back(s["name"].get<std::string>());
  }
  return out;
}

inline const nlohmann::json& oracle_scenario_at(const std::string& path, const std::string& name) {
  for (const auto& s : oracle_scenarios_at(path, true)) {
    if (s["name"] == name) {
      return s;
    }
  }
  throw std::runtime_error("no oracle scenario " + name + " in " + path);
}

// The public scenarios (RETORT_ORACLE_JSON).
inline const nlohmann::json& oracle_scenarios() { return oracle_scenarios_at(RETORT_ORACLE_JSON); }

inline std::vector<std::string> oracle_scenario_names() { return oracle_scenario_names_at(RETORT_ORACLE_JSON); }

inline const nlohmann::json& oracle_scenario(const std::string& name) {
  return oracle_scenario_at(RETORT_ORACLE_JSON, name);
}

// compare.py's file names: <id>_<slug>, which decide the load (map) order.
inline std::string oracle_slug(const std::string& message) {
  std::string slug;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) {
      if (!slug.empty()) {
        slug += '_';
      }
      slug += word;
      word.clear();
    }
  };
  for (unsigned char c : message) {
    if (std::isalnum(c) || c == '_' || c >= 0x80) {
      word += static_cast<char>(std::tolower(c));
    } else {
      flush();
    }
  }
  flush();
  if (slug.size() > 40) {
    slug = slug.substr(0, 40);
    slug = slug.substr(0, slug.rfind('_')) + "_";
  }
  return slug;
}

// The scenario's revisions in the order the files would load.
inline std::vector<Revision> oracle_revisions(const nlohmann::json& scenario) {
  std::vector<std::pair<std::string, Revision>> files;
  for (const auto& r : scenario["revisions"]) {
    Revision rev;
    rev.id = r["id"].get<std::string>();
    rev.down_revisions = r["down"].get<std::vector<std::string>>();
    rev.branch_labels = r["branch_labels"].get<std::vector<std::string>>();
    rev.depends_on = r["depends_on"].get<std::vector<std::string>>();
    rev.message = r.value("message", "");
    files.emplace_back(rev.id + "_" + oracle_slug(rev.message), rev);
  }
  std::stable_sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Revision> out;
  for (auto& f : files) {
    out.push_back(std::move(f.second));
  }
  return out;
}

inline std::vector<std::string> oracle_split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    out.push_back(line);
  }
  return out;
}

// compare.py's normalized_output().
inline std::string oracle_normalize(const std::string& cmd, std::string output) {
  static const std::regex paren_list(R"(\(([^()]*,[^()]*)\))");
  std::string result;
  auto begin = std::sregex_iterator(output.begin(), output.end(), paren_list);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    result += output.substr(last, static_cast<std::size_t>(m.position(0)) - last);
    std::vector<std::string> parts;
    std::string inner = m[1].str();
    std::size_t start = 0;
    for (;;) {
      auto pos = inner.find(", ", start);
      parts.push_back(inner.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
      if (pos == std::string::npos) {
        break;
      }
      start = pos + 2;
    }
    std::sort(parts.begin(), parts.end());
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      joined += (i ? ", " : "") + parts[i];
    }
    result += "(" + joined + ")";
    last = static_cast<std::size_t>(m.position(0) + m.length(0));
  }
  result += output.substr(last);
  output = result;
  if (cmd == "current") {
    // Python: "\n".join(sorted(output.splitlines()))
    auto lines = oracle_split_lines(output);
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out += (i ? "\n" : "") + lines[i];
    }
    return out;
  }
  if (cmd == "branches") {
    std::vector<std::string> blocks;
    std::size_t start = 0;
    for (;;) {
      auto pos = output.find("\n\n", start);
      blocks.push_back(output.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
      if (pos == std::string::npos) {
        break;
      }
      start = pos + 2;
    }
    std::string out;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      std::vector<std::string> lines;
      std::size_t s = 0;
      for (;;) {
        auto pos = blocks[b].find('\n', s);
        lines.push_back(blocks[b].substr(s, pos == std::string::npos ? std::string::npos : pos - s));
        if (pos == std::string::npos) {
          break;
        }
        s = pos + 1;
      }
      std::sort(lines.begin() + 1, lines.end());
      std::string block;
      for (std::size_t i = 0; i < lines.size(); ++i) {
        block += (i ? "\n" : "") + lines[i];
      }
      out += (b ? "\n\n" : "") + block;
    }
    return out;
  }
  return output;
}

}  // namespace retort::test
