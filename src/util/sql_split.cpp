#include "util/sql_split.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace retort::util {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_high(char c) { return static_cast<unsigned char>(c) >= 0x80; }

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || is_high(c);
}

bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

bool iequals(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) {
    return false;
  }
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(word[i])) != lower[i]) {
      return false;
    }
  }
  return true;
}

// A word outside parentheses, with its token's number in the text (from 1).
using TopWord = std::pair<std::size_t, std::string_view>;

class Lexer {
 public:
  // With `top_words`, split() also appends each word outside parentheses.
  Lexer(std::string_view s, SqlDialect dialect, std::vector<TopWord>* top_words = nullptr)
      : m_s(s), m_dialect(dialect), m_top_words(top_words) {}

  std::vector<SqlStatement> split() {
    std::vector<SqlStatement> out;
    std::size_t start = npos;
    std::size_t i = 0;
    const auto finish = [&](std::size_t end) {
      if (start != npos) {
        while (end > start && is_space(m_s[end - 1])) {
          --end;
        }
        out.push_back({start, m_s.substr(start, end - start)});
      }
      start = npos;
      reset_statement();
    };
    while (i < m_s.size()) {
      if (const std::size_t after = skip_trivia(i); after != i) {
        i = after;
        continue;
      }
      const char c = m_s[i];
      if (c == ';' && m_paren_depth == 0 && m_begin_depth == 0) {
        finish(i);
        ++i;
        continue;
      }
      if (start == npos) {
        start = i;
      }
      ++m_tokens;
      i = skip_token(i);
    }
    finish(m_s.size());
    return out;
  }

  // Whitespace, a line comment or a block comment starting at i; returns i
  // when there is none.
  std::size_t skip_trivia(std::size_t i) const {
    const std::size_t n = m_s.size();
    if (is_space(m_s[i])) {
      return i + 1;
    }
    if (m_s[i] == '-' && i + 1 < n && m_s[i + 1] == '-') {
      const std::size_t nl = m_s.find('\n', i + 2);
      return nl == npos ? n : nl + 1;
    }
    if (m_s[i] == '/' && i + 1 < n && m_s[i + 1] == '*') {
      return skip_block_comment(i);
    }
    return i;
  }

 private:
  static constexpr std::size_t npos = std::string_view::npos;

  void reset_statement() {
    m_paren_depth = 0;
    m_begin_depth = 0;
    m_word_count = 0;
    m_words = {};
  }

  std::size_t skip_block_comment(std::size_t i) const {
    const std::size_t n = m_s.size();
    // PostgreSQL nests block comments; SQLite ends at the first */.
    const bool nests = m_dialect == SqlDialect::postgresql;
    int depth = 1;
    std::size_t j = i + 2;
    while (j < n) {
      if (m_s[j] == '*' && j + 1 < n && m_s[j + 1] == '/') {
        j += 2;
        if (--depth == 0) {
          return j;
        }
      } else if (nests && m_s[j] == '/' && j + 1 < n && m_s[j + 1] == '*') {
        j += 2;
        ++depth;
      } else {
        ++j;
      }
    }
    return n;
  }

  // A quoted run starting at the opening `quote` at i; a doubled quote is an
  // escaped quote, and with `backslash` a backslash escapes the next byte.
  std::size_t skip_quoted(std::size_t i, char quote, bool backslash = false) const {
    const std::size_t n = m_s.size();
    std::size_t j = i + 1;
    while (j < n) {
      if (backslash && m_s[j] == '\\') {
        j += 2;
      } else if (m_s[j] == quote) {
        if (j + 1 < n && m_s[j + 1] == quote) {
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        ++j;
      }
    }
    return n;
  }

  // The tag of a dollar quote opening at i ("$$" or "$name$"), or empty.
  std::string_view dollar_tag(std::size_t i) const {
    const std::size_t n = m_s.size();
    std::size_t j = i + 1;
    if (j < n && is_ident_start(m_s[j])) {
      while (j < n && is_ident_char(m_s[j])) {
        ++j;
      }
    }
    if (j < n && m_s[j] == '$') {
      return m_s.substr(i, j - i + 1);
    }
    return {};
  }

  std::size_t skip_token(std::size_t i) {
    const std::size_t n = m_s.size();
    const char c = m_s[i];
    const bool pg = m_dialect == SqlDialect::postgresql;
    switch (c) {
      case '\'':
        return skip_quoted(i, '\'');
      case '"':
        return skip_quoted(i, '"');
      case '`':
        return pg ? i + 1 : skip_quoted(i, '`');
      case '[':
        if (pg) {
          return i + 1;
        } else {
          const std::size_t close = m_s.find(']', i + 1);
          return close == npos ? n : close + 1;
        }
      case '(':
        if (pg) {
          ++m_paren_depth;
        }
        return i + 1;
      case ')':
        if (pg && m_paren_depth > 0) {
          --m_paren_depth;
        }
        return i + 1;
      case '$':
        if (pg) {
          if (const std::string_view tag = dollar_tag(i); !tag.empty()) {
            const std::size_t close = m_s.find(tag, i + tag.size());
            return close == npos ? n : close + tag.size();
          }
        }
        // A parameter ($1) or SQLite's $name: one token.
        {
          std::size_t j = i + 1;
          while (j < n && is_ident_char(m_s[j])) {
            ++j;
          }
          return j;
        }
      default:
        break;
    }
    if (is_ident_start(c)) {
      std::size_t j = i + 1;
      // PostgreSQL identifiers may contain '$' after the first character.
      while (j < n && (is_ident_char(m_s[j]) || (pg && m_s[j] == '$'))) {
        ++j;
      }
      const std::string_view word = m_s.substr(i, j - i);
      if (pg && j < n && m_s[j] == '\'' && (word == "E" || word == "e")) {
        return skip_quoted(j, '\'', true);
      }
      if (m_top_words != nullptr && m_paren_depth == 0) {
        m_top_words->emplace_back(m_tokens, word);
      }
      on_word(word);
      return j;
    }
    if (c >= '0' && c <= '9') {
      std::size_t j = i + 1;
      while (j < n && (is_ident_char(m_s[j]) || m_s[j] == '.')) {
        ++j;
      }
      return j;
    }
    return i + 1;
  }

  // Tracks BEGIN ... END bodies whose ';' do not end the statement: psql's
  // heuristic for CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC,
  // and sqlite3_complete()'s for CREATE [TEMP] TRIGGER ... BEGIN ... END.
  void on_word(std::string_view word) {
    if (m_word_count < m_words.size()) {
      std::string lower(word.size() > 16 ? std::string_view{} : word);
      for (char& ch : lower) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
      m_words[m_word_count] = lower;
    }
    ++m_word_count;
    if (!body_statement() || m_paren_depth != 0) {
      return;
    }
    if (iequals(word, "begin")) {
      ++m_begin_depth;
    } else if (iequals(word, "case")) {
      if (m_begin_depth > 0) {
        ++m_begin_depth;
      }
    } else if (iequals(word, "end")) {
      if (m_begin_depth > 0) {
        --m_begin_depth;
      }
    }
  }

  bool body_statement() const {
    const auto& w = m_words;
    if (w[0] != "create") {
      return false;
    }
    if (m_dialect == SqlDialect::postgresql) {
      const auto routine = [](const std::string& s) {
        return s == "function" || s == "procedure";
      };
      return routine(w[1]) || (w[1] == "or" && w[2] == "replace" && routine(w[3]));
    }
    return w[1] == "trigger" || ((w[1] == "temp" || w[1] == "temporary") && w[2] == "trigger");
  }

  std::string_view m_s;
  SqlDialect m_dialect;
  std::size_t m_tokens = 0;  // tokens seen so far: each word's number in m_top_words
  std::vector<TopWord>* m_top_words = nullptr;
  int m_paren_depth = 0;
  int m_begin_depth = 0;
  std::size_t m_word_count = 0;
  std::array<std::string, 4> m_words;
};

}  // namespace

std::vector<SqlStatement> split_sql(std::string_view script, SqlDialect dialect) {
  return Lexer(script, dialect).split();
}

std::string_view psql_meta_command(std::string_view statement) {
  if (statement.empty() || statement.front() != '\\') {
    return {};
  }
  return statement.substr(0, statement.find_first_of(" \t\r\n"));
}

std::string psql_meta_command_error(std::string_view statement) {
  const std::string_view command = psql_meta_command(statement);
  if (command.empty()) {
    return {};
  }
  return "'" + std::string(command) +
         "' is a psql meta-command, not SQL: db sends each statement to the database itself, not "
         "through psql; remove the line, or write in SQL what it did";
}

bool copies_from_stdin(std::string_view statement) {
  if (!icontains(statement, "stdin")) {
    return false;
  }
  std::vector<TopWord> words;
  Lexer(statement, SqlDialect::postgresql, &words).split();
  if (words.empty() || words.front().first != 1 || !iequals(words.front().second, "copy")) {
    return false;
  }
  for (std::size_t i = 1; i + 1 < words.size(); ++i) {
    if (iequals(words[i].second, "from") && iequals(words[i + 1].second, "stdin") &&
        words[i + 1].first == words[i].first + 1) {
      return true;
    }
  }
  return false;
}

std::size_t skip_space_and_comments(std::string_view script, std::size_t pos,
                                    SqlDialect dialect) {
  const Lexer lexer(script, dialect);
  while (pos < script.size()) {
    const std::size_t after = lexer.skip_trivia(pos);
    if (after == pos) {
      break;
    }
    pos = after;
  }
  return std::min(pos, script.size());
}

}  // namespace retort::util
