// The .sql migration format (DESIGN.md "Files") and the .cpp header, which
// shares its header rules with `//` instead of `--`.

#include <array>
#include <map>
#include <optional>
#include <string>

#include <retort/error.hpp>
#include <retort/script.hpp>

#include "script/text.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;
using detail::Line;

constexpr std::array<std::string_view, 5> k_header_keys = {
    "Revision ID", "Revises", "Create Date", "Branch Labels", "Depends On"};
constexpr std::string_view k_expected_keys =
    "'Revision ID:', 'Revises:', 'Create Date:', 'Branch Labels:' or 'Depends On:'";

std::string_view strip_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  return text;
}

// The text of a comment line after its prefix and one optional space.
std::string_view comment_body(std::string_view line, std::string_view prefix) {
  std::string_view body = line.substr(prefix.size());
  if (!body.empty() && body.front() == ' ') {
    body.remove_prefix(1);
  }
  return body;
}

// "Revises: a, b" -> {"Revises", "a, b"} when the key is one we know.
std::optional<std::pair<std::string_view, std::string_view>> known_key(std::string_view body) {
  for (std::string_view key : k_header_keys) {
    if (body.size() > key.size() && body.substr(0, key.size()) == key &&
        body[key.size()] == ':') {
      return std::pair{key, detail::trim(body.substr(key.size() + 1))};
    }
  }
  return std::nullopt;
}

// "Word Word:" at the start: a header key, maybe a misspelt one.
std::optional<std::string_view> key_like(std::string_view body) {
  const std::size_t colon = body.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 30) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = body[i];
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!letter && !(c == ' ' && i > 0)) {
      return std::nullopt;
    }
  }
  return body.substr(0, colon);
}

// Fills the revision fields of `script` from the header's comment lines.
// The first line is the message unless it is already a key; the message runs
// until the first key line (so it may hold blank-line paragraphs); after the
// keys only keys and blank comment lines may follow.
void parse_header(const std::vector<Line>& lines, std::string_view prefix, const fs::path& path,
                  std::string_view notes_hint, Script& script) {
  std::vector<std::string_view> message_lines;
  std::map<std::string_view, int> seen;
  bool in_keys = false;
  for (const Line& line : lines) {
    const std::string_view body = detail::trim_right(comment_body(line.text, prefix));
    const auto key = known_key(body);
    if (!in_keys && !key) {
      message_lines.push_back(body);
      continue;
    }
    in_keys = true;
    if (!key) {
      if (body.empty()) {
        continue;
      }
      if (auto name = key_like(body)) {
        throw ScriptError(path, line.number,
                          "unknown header key '" + std::string(*name) + "'; expected " +
                              std::string(k_expected_keys));
      }
      throw ScriptError(path, line.number,
                        "unexpected text in the header after its keys: '" + std::string(body) +
                            "'; the message goes first, before 'Revision ID:', and notes belong " +
                            std::string(notes_hint));
    }
    const auto [name, value] = *key;
    if (auto it = seen.find(name); it != seen.end()) {
      throw ScriptError(path, line.number,
                        "'" + std::string(name) + ":' given twice (first on line " +
                            std::to_string(it->second) + "); expected each header key once");
    }
    seen.emplace(name, line.number);
    Revision& rev = script.revision;
    if (name == "Revision ID") {
      if (value.empty()) {
        throw ScriptError(path, line.number,
                          "empty 'Revision ID:'; expected the revision's id, e.g. "
                          "'Revision ID: 1975ea83b712'");
      }
      try {
        validate_rev_id(value);
      } catch (const RevisionError& e) {
        throw ScriptError(path, line.number, e.what());
      }
      rev.id = std::string(value);
    } else if (name == "Create Date") {
      script.create_date = std::string(value);
    } else {
      std::vector<std::string>& target = name == "Revises"        ? rev.down_revisions
                                         : name == "Branch Labels" ? rev.branch_labels
                                                                   : rev.depends_on;
      std::string bad;
      if (!detail::split_list(value, target, bad)) {
        throw ScriptError(path, line.number,
                          bad.empty() ? "empty entry in '" + std::string(name) +
                                            ":'; expected names separated by ', '"
                                      : "'" + bad + "' in '" + std::string(name) +
                                            ":' holds whitespace; expected names "
                                            "separated by ', '");
      }
    }
  }

  // Blank lines around the message are layout, not message.
  std::size_t first = 0;
  std::size_t last = message_lines.size();
  while (first < last && message_lines[first].empty()) {
    ++first;
  }
  while (last > first && message_lines[last - 1].empty()) {
    --last;
  }
  std::string message;
  for (std::size_t i = first; i < last; ++i) {
    if (i > first) {
      message += '\n';
    }
    message += message_lines[i];
  }
  script.revision.message = std::move(message);

  if (script.revision.id.empty()) {
    throw ScriptError(path, lines.empty() ? 1 : lines.front().number,
                      "no 'Revision ID:' in the header; expected a '" + std::string(prefix) +
                          " Revision ID: <id>' line in the comment block at the top of the file");
  }
}

struct Marker {
  std::string_view name;
  std::string_view options;
};

// `-- migrate:<name> <options>` (spaces after the prefix allowed).
std::optional<Marker> parse_marker(std::string_view line, std::string_view prefix) {
  if (line.substr(0, prefix.size()) != prefix) {
    return std::nullopt;
  }
  std::string_view rest = line.substr(prefix.size());
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) {
    rest.remove_prefix(1);
  }
  constexpr std::string_view k_migrate = "migrate:";
  if (rest.substr(0, k_migrate.size()) != k_migrate) {
    return std::nullopt;
  }
  rest.remove_prefix(k_migrate.size());
  std::size_t end = 0;
  while (end < rest.size() && !detail::is_space(rest[end])) {
    ++end;
  }
  return Marker{rest.substr(0, end), detail::trim(rest.substr(end))};
}

void parse_marker_options(std::string_view options, std::string_view marker, const Line& line,
                          const fs::path& path, Section& section) {
  while (!options.empty()) {
    std::size_t end = 0;
    while (end < options.size() && !detail::is_space(options[end])) {
      ++end;
    }
    const std::string_view option = options.substr(0, end);
    if (option == "transaction:false") {
      section.transactional = false;
    } else if (option == "transaction:true") {
      section.transactional = true;
    } else {
      throw ScriptError(path, line.number,
                        "unknown option '" + std::string(option) + "' after '-- migrate:" +
                            std::string(marker) + "'; expected 'transaction:false' or nothing");
    }
    options = detail::trim(options.substr(end));
  }
}

}  // namespace

Script parse_sql_script(std::string_view text, const fs::path& path) {
  text = strip_bom(text);
  Script script;
  script.kind = ScriptKind::sql;
  script.path = path;
  const std::vector<Line> lines = detail::split_lines(text);

  std::size_t first_marker = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (parse_marker(lines[i].text, "--")) {
      first_marker = i;
      break;
    }
  }

  std::vector<Line> header;
  for (std::size_t i = 0; i < first_marker; ++i) {
    const std::string_view t = lines[i].text;
    if (detail::trim(t).empty()) {
      continue;
    }
    if (t.substr(0, 2) != "--") {
      throw ScriptError(path, lines[i].number,
                        first_marker == lines.size()
                            ? "no '-- migrate:upgrade' marker; expected the header's '--' "
                              "comment lines, then '-- migrate:upgrade' before the SQL"
                            : "SQL before the first '-- migrate:' marker; expected the header's "
                              "'--' comment lines, then '-- migrate:upgrade' before the SQL");
    }
    header.push_back(lines[i]);
  }
  const std::size_t header_end = first_marker < lines.size() ? lines[first_marker].offset
                                                             : text.size();
  script.header = std::string(detail::trim_right(text.substr(0, header_end)));
  parse_header(header, "--", path, "after '-- migrate:upgrade'", script);

  if (first_marker == lines.size()) {
    throw ScriptError(path, lines.empty() ? 1 : lines.back().number + 1,
                      "no '-- migrate:upgrade' marker; expected '-- migrate:upgrade' after the "
                      "header, followed by the upgrade SQL (and '-- migrate:downgrade')");
  }

  Section* current = nullptr;
  std::size_t body_begin = 0;
  int upgrade_line = 0;
  int downgrade_line = 0;
  auto close = [&](std::size_t body_end) {
    if (current != nullptr) {
      current->body =
          std::string(detail::trim_right(text.substr(body_begin, body_end - body_begin)));
    }
  };
  for (std::size_t i = first_marker; i < lines.size(); ++i) {
    const Line& line = lines[i];
    const auto marker = parse_marker(line.text, "--");
    if (!marker) {
      continue;
    }
    Section* next = nullptr;
    int* seen_line = nullptr;
    if (marker->name == "upgrade") {
      next = &script.upgrade;
      seen_line = &upgrade_line;
    } else if (marker->name == "downgrade") {
      next = &script.downgrade;
      seen_line = &downgrade_line;
    } else {
      throw ScriptError(path, line.number,
                        "unknown marker '" + std::string(detail::trim_right(line.text)) +
                            "'; expected '-- migrate:upgrade' or '-- migrate:downgrade'");
    }
    if (*seen_line != 0) {
      throw ScriptError(path, line.number,
                        "duplicate '-- migrate:" + std::string(marker->name) +
                            "' section (the first is on line " + std::to_string(*seen_line) +
                            "); expected one upgrade and at most one downgrade section");
    }
    *seen_line = line.number;
    close(line.offset);
    parse_marker_options(marker->options, marker->name, line, path, *next);
    next->present = true;
    next->first_line = line.number + 1;
    current = next;
    body_begin = line.end;
  }
  close(text.size());

  if (!script.upgrade.present) {
    throw ScriptError(path, downgrade_line,
                      "no '-- migrate:upgrade' section; expected '-- migrate:upgrade' followed "
                      "by the upgrade SQL");
  }
  return script;
}

Script parse_cpp_script(std::string_view text, const fs::path& path) {
  text = strip_bom(text);
  Script script;
  script.kind = ScriptKind::cpp;
  script.path = path;
  const std::vector<Line> lines = detail::split_lines(text);
  // The header is the leading `//` block; code or a marker ends it.
  std::vector<Line> header;
  std::size_t header_end = text.size();
  for (const Line& line : lines) {
    if (detail::trim(line.text).empty()) {
      continue;
    }
    if (line.text.substr(0, 2) != "//" || parse_marker(line.text, "//")) {
      header_end = line.offset;
      break;
    }
    header.push_back(line);
  }
  script.header = std::string(detail::trim_right(text.substr(0, header_end)));
  parse_header(header, "//", path, "in the code below the header", script);
  // `// migrate:upgrade transaction:false` (or downgrade) anywhere below
  // sets how that function runs; the functions themselves are the code.
  for (const Line& line : lines) {
    if (line.offset < header_end) {
      continue;
    }
    const auto marker = parse_marker(detail::trim(line.text), "//");
    if (!marker) {
      continue;
    }
    Section* section = marker->name == "upgrade"     ? &script.upgrade
                       : marker->name == "downgrade" ? &script.downgrade
                                                     : nullptr;
    if (section == nullptr) {
      throw ScriptError(path, line.number,
                        "unknown marker '// migrate:" + std::string(marker->name) +
                            "'; expected '// migrate:upgrade' or '// migrate:downgrade'");
    }
    if (section->present) {
      throw ScriptError(path, line.number,
                        "a second '// migrate:" + std::string(marker->name) + "' marker");
    }
    parse_marker_options(marker->options, marker->name, line, path, *section);
    section->present = true;
    section->first_line = line.number;
  }
  return script;
}

}  // namespace retort
