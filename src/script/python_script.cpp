// Alembic .py revisions, read for their metadata only. retort never runs
// Python, so this is a small tokenizer that understands enough of the
// language to find module-level assignments and the module docstring, and
// to skip strings, comments and indented blocks correctly.

#include <optional>
#include <string>
#include <vector>

#include <retort/error.hpp>
#include <retort/script.hpp>

#include "script/text.hpp"
#include "util/strings.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;

enum class TokenKind { name, string, op, other, newline };

struct Token {
  TokenKind kind = TokenKind::other;
  std::string text;  // names and ops as written; strings decoded
  int line = 0;
  int column = 0;
  bool plain_string = true;  // false for bytes and f-strings
};

bool is_name_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Tokenizer {
 public:
  Tokenizer(std::string_view text, const fs::path& path) : m_text(text), m_path(path) {}

  std::vector<Token> run() {
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
        ++m_pos;
      } else if (c == '#') {
        while (m_pos < m_text.size() && m_text[m_pos] != '\n') {
          ++m_pos;
        }
      } else if (c == '\\' && next_is_newline(m_pos + 1)) {
        ++m_pos;  // explicit line joining; the newline itself is consumed below
        skip_newline_chars();
      } else if (c == '\n') {
        if (m_brackets.empty() && !m_tokens.empty() && m_tokens.back().kind != TokenKind::newline) {
          push(TokenKind::newline, "", m_pos);
        }
        ++m_pos;
        new_line();
      } else if (is_name_start(c)) {
        scan_name_or_prefixed_string();
      } else if (c == '"' || c == '\'') {
        scan_string(m_pos, false, true, m_pos);
      } else if (c >= '0' && c <= '9') {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && (is_name_char(m_text[m_pos]) || m_text[m_pos] == '.')) {
          ++m_pos;
        }
        push(TokenKind::other, std::string(m_text.substr(start, m_pos - start)), start);
      } else if (c == '(' || c == '[' || c == '{') {
        m_brackets.push_back({c, m_line});
        push(TokenKind::op, std::string(1, c), m_pos);
        ++m_pos;
      } else if (c == ')' || c == ']' || c == '}') {
        if (m_brackets.empty()) {
          throw ScriptError(m_path, m_line,
                            "unmatched '" + std::string(1, c) + "'; expected valid Python");
        }
        m_brackets.pop_back();
        push(TokenKind::op, std::string(1, c), m_pos);
        ++m_pos;
      } else {
        scan_operator();
      }
    }
    if (!m_brackets.empty()) {
      throw ScriptError(m_path, m_brackets.back().second,
                        "'" + std::string(1, m_brackets.back().first) +
                            "' is never closed; expected valid Python");
    }
    if (!m_tokens.empty() && m_tokens.back().kind != TokenKind::newline) {
      push(TokenKind::newline, "", m_pos);
    }
    return std::move(m_tokens);
  }

 private:
  bool next_is_newline(std::size_t pos) const {
    return pos < m_text.size() &&
           (m_text[pos] == '\n' ||
            (m_text[pos] == '\r' && pos + 1 < m_text.size() && m_text[pos + 1] == '\n'));
  }
  void skip_newline_chars() {
    if (m_pos < m_text.size() && m_text[m_pos] == '\r') {
      ++m_pos;
    }
    if (m_pos < m_text.size() && m_text[m_pos] == '\n') {
      ++m_pos;
      new_line();
    }
  }
  void new_line() {
    ++m_line;
    m_line_start = m_pos;
  }

  void push(TokenKind kind, std::string text, std::size_t at, bool plain = true) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.line = m_line;
    t.column = static_cast<int>(at - m_line_start);
    t.plain_string = plain;
    m_tokens.push_back(std::move(t));
  }

  void scan_name_or_prefixed_string() {
    const std::size_t start = m_pos;
    while (m_pos < m_text.size() && is_name_char(m_text[m_pos])) {
      ++m_pos;
    }
    const std::string_view name = m_text.substr(start, m_pos - start);
    if (m_pos < m_text.size() && (m_text[m_pos] == '"' || m_text[m_pos] == '\'') &&
        name.size() <= 2) {
      bool raw = false;
      bool plain = true;
      bool prefix = true;
      for (char p : name) {
        switch (p) {
          case 'r': case 'R': raw = true; break;
          case 'u': case 'U': break;
          case 'b': case 'B': case 'f': case 'F': plain = false; break;
          default: prefix = false;
        }
      }
      if (prefix) {
        scan_string(m_pos, raw, plain, start);
        return;
      }
    }
    push(TokenKind::name, std::string(name), start);
  }

  void scan_string(std::size_t quote_pos, bool raw, bool plain, std::size_t token_start) {
    const char q = m_text[quote_pos];
    const int start_line = m_line;
    const std::size_t start_column_base = m_line_start;
    const bool triple = m_text.substr(quote_pos, 3) == std::string(3, q);
    m_pos = quote_pos + (triple ? 3 : 1);
    std::string value;
    for (;;) {
      if (m_pos >= m_text.size()) {
        throw ScriptError(m_path, start_line,
                          std::string("string is never closed; expected a closing ") +
                              (triple ? std::string(3, q) : std::string(1, q)));
      }
      const char c = m_text[m_pos];
      if (c == q && (!triple || m_text.substr(m_pos, 3) == std::string(3, q))) {
        m_pos += triple ? 3 : 1;
        break;
      }
      if (c == '\n') {
        if (!triple) {
          throw ScriptError(m_path, start_line,
                            "string is never closed on its line; expected a closing " +
                                std::string(1, q));
        }
        value += c;
        ++m_pos;
        new_line();
        continue;
      }
      if (c == '\\' && m_pos + 1 < m_text.size()) {
        if (raw) {
          value += c;
          value += m_text[m_pos + 1];
          if (m_text[m_pos + 1] == '\n') {
            m_pos += 2;
            new_line();
          } else {
            m_pos += 2;
          }
          continue;
        }
        decode_escape(value);
        continue;
      }
      value += c;
      ++m_pos;
    }
    Token t;
    t.kind = TokenKind::string;
    t.text = std::move(value);
    t.line = start_line;
    t.column = static_cast<int>(token_start - start_column_base);
    t.plain_string = plain;
    m_tokens.push_back(std::move(t));
  }

  // At a backslash inside a non-raw string: Python's escapes.
  void decode_escape(std::string& value) {
    const char e = m_text[m_pos + 1];
    m_pos += 2;
    switch (e) {
      case '\n': new_line(); return;  // line continuation inside the string
      case '\\': value += '\\'; return;
      case '\'': value += '\''; return;
      case '"': value += '"'; return;
      case 'n': value += '\n'; return;
      case 't': value += '\t'; return;
      case 'r': value += '\r'; return;
      case 'a': value += '\a'; return;
      case 'b': value += '\b'; return;
      case 'f': value += '\f'; return;
      case 'v': value += '\v'; return;
      default: break;
    }
    if (e >= '0' && e <= '7') {
      unsigned long cp = static_cast<unsigned long>(e - '0');
      for (int i = 0; i < 2 && m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '7';
           ++i) {
        cp = cp * 8 + static_cast<unsigned long>(m_text[m_pos++] - '0');
      }
      append_utf8(value, cp);
      return;
    }
    const int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
    if (digits > 0) {
      unsigned long cp = 0;
      for (int i = 0; i < digits; ++i) {
        const int h = m_pos < m_text.size() ? util::hex_digit(m_text[m_pos]) : -1;
        if (h < 0) {
          throw ScriptError(m_path, m_line,
                            "bad '\\" + std::string(1, e) + "' escape; expected " +
                                std::to_string(digits) + " hex digits");
        }
        cp = cp * 16 + static_cast<unsigned long>(h);
        ++m_pos;
      }
      append_utf8(value, cp);
      return;
    }
    // Unknown escapes (and \N{...}) stay as written, as Python keeps them.
    value += '\\';
    value += e;
  }

  void scan_operator() {
    static constexpr std::string_view k_ops[] = {
        "**=", "//=", ">>=", "<<=", "...", "==", "!=", "<=", ">=", "->", ":=", "+=", "-=",
        "*=",  "/=",  "%=",  "&=",  "|=",  "^=", "@=", "**", "//", "<<", ">>"};
    for (std::string_view op : k_ops) {
      if (m_text.substr(m_pos, op.size()) == op) {
        push(TokenKind::op, std::string(op), m_pos);
        m_pos += op.size();
        return;
      }
    }
    push(TokenKind::op, std::string(1, m_text[m_pos]), m_pos);
    ++m_pos;
  }

  std::string_view m_text;
  const fs::path& m_path;
  std::size_t m_pos = 0;
  std::size_t m_line_start = 0;
  int m_line = 1;
  std::vector<std::pair<char, int>> m_brackets;
  std::vector<Token> m_tokens;
};

struct Statement {
  std::vector<Token> tokens;
  bool module_level = false;
};

// Logical lines split at top-level ';'. Only statements on a line starting
// at column 0 are module level (indented ones are inside a block).
std::vector<Statement> statements(const std::vector<Token>& tokens) {
  std::vector<Statement> out;
  Statement current;
  bool line_at_column_0 = true;
  bool line_start = true;
  int depth = 0;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::newline) {
      if (!current.tokens.empty()) {
        out.push_back(std::move(current));
      }
      current = Statement{};
      line_start = true;
      continue;
    }
    if (line_start) {
      line_at_column_0 = t.column == 0;
      line_start = false;
    }
    if (t.kind == TokenKind::op) {
      if (t.text == "(" || t.text == "[" || t.text == "{") {
        ++depth;
      } else if (t.text == ")" || t.text == "]" || t.text == "}") {
        --depth;
      } else if (t.text == ";" && depth == 0) {
        if (!current.tokens.empty()) {
          out.push_back(std::move(current));
        }
        current = Statement{};
        continue;
      }
    }
    if (current.tokens.empty()) {
      current.module_level = line_at_column_0;
    }
    current.tokens.push_back(t);
  }
  return out;
}

bool is_op(const Token& t, std::string_view op) {
  return t.kind == TokenKind::op && t.text == op;
}

// None | 'x' | ('x', ...) | ['x', ...] | 'x', 'y'. nullopt when the value
// is something else. Adjacent string literals concatenate, as in Python.
std::optional<std::vector<std::string>> string_sequence(const std::vector<Token>& value) {
  if (value.size() == 1 && value[0].kind == TokenKind::name && value[0].text == "None") {
    return std::vector<std::string>{};
  }
  std::size_t i = 0;
  std::size_t end = value.size();
  if (!value.empty() && ((is_op(value.front(), "(") && is_op(value.back(), ")")) ||
                         (is_op(value.front(), "[") && is_op(value.back(), "]")))) {
    i = 1;
    --end;
  }
  std::vector<std::string> out;
  while (i < end) {
    if (value[i].kind != TokenKind::string || !value[i].plain_string) {
      return std::nullopt;
    }
    std::string item;
    while (i < end && value[i].kind == TokenKind::string && value[i].plain_string) {
      item += value[i].text;
      ++i;
    }
    out.push_back(std::move(item));
    if (i < end) {
      if (!is_op(value[i], ",")) {
        return std::nullopt;
      }
      ++i;
    }
  }
  return out;
}

std::string strip_python(std::string_view s) { return std::string(detail::trim(s)); }

bool is_legacy_hex_name(const std::string& name) {
  constexpr std::string_view k_ext = ".py";
  if (name.size() <= k_ext.size() || name.substr(name.size() - k_ext.size()) != k_ext) {
    return false;
  }
  for (std::size_t i = 0; i + k_ext.size() < name.size(); ++i) {
    const char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace

Script parse_python_script(std::string_view text, const fs::path& path) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  Script script;
  script.kind = ScriptKind::python;
  script.path = path;

  const std::vector<Statement> stmts = statements(Tokenizer(text, path).run());

  std::optional<std::string> revision;
  int revision_line = 0;
  bool has_down_revision = false;
  bool first_statement = true;
  for (const Statement& stmt : stmts) {
    const std::vector<Token>& toks = stmt.tokens;
    const bool was_first = first_statement;
    first_statement = false;
    if (!stmt.module_level) {
      continue;
    }
    if (was_first && toks.front().kind == TokenKind::string) {
      bool all_strings = true;
      std::string doc;
      for (const Token& t : toks) {
        all_strings = all_strings && t.kind == TokenKind::string && t.plain_string;
        doc += t.text;
      }
      if (all_strings) {
        script.header = doc;
        script.revision.message = strip_python(doc);
        continue;
      }
    }
    const Token& target = toks.front();
    if (target.kind != TokenKind::name ||
        (target.text != "revision" && target.text != "down_revision" &&
         target.text != "branch_labels" && target.text != "depends_on") ||
        toks.size() < 2) {
      continue;
    }
    std::size_t eq = 1;
    if (is_op(toks[1], ":")) {
      // An annotation (`revision: str = ...`) runs to the top-level '='.
      int depth = 0;
      eq = toks.size();
      for (std::size_t i = 2; i < toks.size(); ++i) {
        if (is_op(toks[i], "[") || is_op(toks[i], "(")) {
          ++depth;
        } else if (is_op(toks[i], "]") || is_op(toks[i], ")")) {
          --depth;
        } else if (depth == 0 && is_op(toks[i], "=")) {
          eq = i;
          break;
        }
      }
      if (eq == toks.size()) {
        continue;  // a bare annotation assigns nothing
      }
    } else if (!is_op(toks[1], "=")) {
      continue;  // e.g. `revision += ...` or a call; not an assignment we read
    }
    const std::vector<Token> value(toks.begin() + static_cast<std::ptrdiff_t>(eq) + 1,
                                   toks.end());
    const auto items = string_sequence(value);
    if (target.text == "revision") {
      // Only a plain string: None or a tuple is no id.
      if (!items || items->size() != 1 || value.front().kind != TokenKind::string) {
        throw ScriptError(path, target.line,
                          "cannot read 'revision' here; expected a string literal such as "
                          "revision = '1975ea83b712' (retort reads this file without running "
                          "Python)");
      }
      revision = items->front();
      revision_line = target.line;
      continue;
    }
    if (!items) {
      throw ScriptError(path, target.line,
                        "cannot read '" + target.text +
                            "' here; expected None, a string, or a tuple or list of strings "
                            "(retort reads this file without running Python)");
    }
    if (target.text == "down_revision") {
      has_down_revision = true;
      script.revision.down_revisions = *items;
    } else if (target.text == "branch_labels") {
      script.revision.branch_labels = *items;
    } else {
      script.revision.depends_on = *items;
    }
  }

  const std::string file_name = path.filename().string();
  if (!revision) {
    if (!is_legacy_hex_name(file_name)) {
      throw ScriptError(path, 0,
                        "Could not determine revision id from filename " + file_name +
                            ". Be sure the 'revision' variable is declared inside the script "
                            "(please see 'Upgrading from Alembic 0.1 to 0.2' in the "
                            "documentation).");
    }
    revision = file_name.substr(0, file_name.size() - 3);
  }
  if (revision->empty()) {
    throw ScriptError(path, revision_line, "'revision' is empty; expected the revision's id");
  }
  try {
    validate_rev_id(*revision);
  } catch (const RevisionError& e) {
    throw ScriptError(path, revision_line, e.what());
  }
  script.revision.id = *revision;
  if (!has_down_revision) {
    throw ScriptError(path, 0,
                      "no 'down_revision' assignment; expected down_revision = None for a base "
                      "revision, or the id(s) it revises");
  }
  return script;
}

}  // namespace retort
