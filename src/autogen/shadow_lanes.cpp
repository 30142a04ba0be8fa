#include "autogen/shadow_lanes.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <set>
#include <unordered_map>

namespace retort::autogen {

namespace {

// PostgreSQL shortens the table's part of a name it makes up (t_col_key,
// t_col_seq, ...) to no fewer than this many bytes (makeObjectName takes
// from the longer part first and keeps the whole within 63 bytes).
constexpr std::size_t k_kept_prefix = 28;

struct Token {
  enum class Kind : std::uint8_t { word, quoted, text, punct };
  Kind kind;
  std::string value;  // lower-cased; punct: the character
};

bool ident_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) != 0 || c == '_' || u >= 0x80;
}

bool ident_char(char c) { return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '$'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// The identifier-like runs of a string's or a function body's content.
void add_text_runs(std::string_view s, std::vector<Token>& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (ident_start(s[i]) || std::isdigit(static_cast<unsigned char>(s[i])) != 0) {
      std::size_t j = i;
      while (j < s.size() && ident_char(s[j])) {
        ++j;
      }
      if (ident_start(s[i])) {
        out.push_back({Token::Kind::text, lower(s.substr(i, j - i))});
      }
      i = j;
    } else {
      ++i;
    }
  }
}

// Where the quoted text starting at `open` (a quote character) ends: its
// closing quote, or npos when it has none; `backslash`: E'...' escapes.
std::size_t end_of_quoted(std::string_view s, std::size_t open, char quote, bool backslash) {
  std::size_t i = open + 1;
  while (i < s.size()) {
    if (backslash && s[i] == '\\') {
      i += 2;
    } else if (s[i] == quote) {
      if (i + 1 < s.size() && s[i + 1] == quote) {
        i += 2;
      } else {
        return i;
      }
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

// The statement as tokens: comments left out, strings and dollar-quoted
// bodies as the identifier-like runs they hold.
std::vector<Token> lex(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const char next = i + 1 < s.size() ? s[i + 1] : '\0';
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
    } else if (c == '-' && next == '-') {
      const std::size_t eol = s.find('\n', i);
      i = eol == std::string_view::npos ? s.size() : eol + 1;
    } else if (c == '/' && next == '*') {
      int depth = 1;
      i += 2;
      while (i < s.size() && depth > 0) {
        if (s.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (s.compare(i, 2, "*/") == 0) {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      }
    } else if (c == '\'' || ((c == 'e' || c == 'E') && next == '\'')) {
      const std::size_t open = c == '\'' ? i : i + 1;
      const std::size_t close = std::min(end_of_quoted(s, open, '\'', c != '\''), s.size());
      add_text_runs(s.substr(open + 1, close - open - 1), out);
      i = close + 1;
    } else if (c == '"') {
      const std::size_t close = std::min(end_of_quoted(s, i, '"', false), s.size());
      std::string name;
      for (std::size_t k = i + 1; k < close; ++k) {
        name += s[k];
        if (s[k] == '"') {
          ++k;  // "" stands for one "
        }
      }
      out.push_back({Token::Kind::quoted, lower(name)});
      i = close + 1;
    } else if (c == '$' && (next == '$' || (ident_start(next) && next != '$'))) {
      std::size_t close = i + 1;
      while (close < s.size() && s[close] != '$' && ident_char(s[close])) {
        ++close;
      }
      if (close >= s.size() || s[close] != '$') {
        out.push_back({Token::Kind::punct, std::string(1, c)});
        ++i;
        continue;
      }
      const std::string_view tag = s.substr(i, close - i + 1);
      const std::size_t body = close + 1;
      const std::size_t end_tag = s.find(tag, body);
      const std::size_t body_end = end_tag == std::string_view::npos ? s.size() : end_tag;
      add_text_runs(s.substr(body, body_end - body), out);
      i = end_tag == std::string_view::npos ? s.size() : end_tag + tag.size();
    } else if (ident_start(c)) {
      std::size_t j = i;
      while (j < s.size() && ident_char(s[j])) {
        ++j;
      }
      out.push_back({Token::Kind::word, lower(s.substr(i, j - i))});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      while (i < s.size() && (ident_char(s[i]) || s[i] == '.')) {
        ++i;
      }
    } else {
      out.push_back({Token::Kind::punct, std::string(1, c)});
      ++i;
    }
  }
  return out;
}

enum class Role : std::uint8_t { session, ddl, barrier, unsupported };

struct Classified {
  Role role = Role::unsupported;
  std::string why;                   // for unsupported
  std::vector<std::string> defines;  // names the statement gives objects
  bool makes_rows = false;           // CREATE TABLE ... AS, a materialized view with data
  bool defines_routine = false;      // CREATE FUNCTION / PROCEDURE
};

// The statement's tokens outside strings and bodies.
class Code {
 public:
  explicit Code(const std::vector<Token>& tokens) {
    for (const auto& t : tokens) {
      if (t.kind != Token::Kind::text) {
        m_tokens.push_back(&t);
      }
    }
  }
  std::size_t size() const { return m_tokens.size(); }
  // The k-th token if it is a bare word, else "".
  // Whether the word `w` comes after position k outside parentheses.
  bool word_at_top_after(std::size_t k, std::string_view w) const {
    int depth = 0;
    for (std::size_t i = k; i < m_tokens.size(); ++i) {
      if (punct(i, '(')) {
        ++depth;
      } else if (punct(i, ')')) {
        --depth;
      } else if (depth == 0 && word(i) == w) {
        return true;
      }
    }
    return false;
  }
  // Whether the statement ends WITH NO DATA.
  bool ends_with_no_data() const {
    const std::size_t n = m_tokens.size();
    return n >= 3 && word(n - 3) == "with" && word(n - 2) == "no" && word(n - 1) == "data";
  }
  std::string_view word(std::size_t k) const {
    return k < m_tokens.size() && m_tokens[k]->kind == Token::Kind::word ? std::string_view(m_tokens[k]->value)
                                                                          : std::string_view();
  }
  bool punct(std::size_t k, char c) const {
    return k < m_tokens.size() && m_tokens[k]->kind == Token::Kind::punct && m_tokens[k]->value[0] == c;
  }
  bool name_at(std::size_t k) const {
    return k < m_tokens.size() &&
           (m_tokens[k]->kind == Token::Kind::word || m_tokens[k]->kind == Token::Kind::quoted);
  }
  // The last part of the (qualified) name starting at k, or "" when none.
  std::string name(std::size_t k) const {
    if (!name_at(k)) {
      return {};
    }
    while (punct(k + 1, '.') && name_at(k + 2)) {
      k += 2;
    }
    return m_tokens[k]->value;
  }

 private:
  std::vector<const Token*> m_tokens;
};

bool one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

Classified unsupported(std::string why) { return {Role::unsupported, std::move(why), {}}; }

// CONSTRAINT name and RENAME ... TO name, anywhere in the statement.
void add_other_names(const Code& code, std::vector<std::string>& defines) {
  for (std::size_t k = 0; k < code.size(); ++k) {
    if (code.word(k) == "constraint" && code.word(k + 1) != "trigger" && code.name_at(k + 1)) {
      defines.push_back(code.name(k + 1));
    } else if (code.word(k) == "rename") {
      for (std::size_t m = k + 1; m < code.size(); ++m) {
        if (code.word(m) == "to" && code.name_at(m + 1)) {
          defines.push_back(code.name(m + 1));
          break;
        }
      }
    }
  }
}

Classified classify(const std::vector<Token>& tokens) {
  const Code code(tokens);
  const std::string_view first = code.word(0);
  const std::string_view second = code.word(1);
  Classified out;
  // set_config() changes the connection's settings wherever it is called.
  const bool sets_config = std::any_of(tokens.begin(), tokens.end(), [](const Token& t) {
    return t.kind != Token::Kind::punct && t.value == "set_config";
  });
  if (first == "set" || first == "reset") {
    if (one_of(second, {"local", "constraints", "transaction"})) {
      return unsupported(upper(first) + " " + upper(second) + " belongs to its transaction");
    }
    out.role = Role::session;
    return out;
  }
  if (first == "select") {
    if ((second == "set_config" && code.punct(2, '(')) ||
        (second == "pg_catalog" && code.punct(2, '.') && code.word(3) == "set_config" && code.punct(4, '('))) {
      out.role = Role::session;
      return out;
    }
    return unsupported("SELECT may do anything");
  }
  if (sets_config) {
    return unsupported("set_config() changes the connection's settings");
  }
  if (first == "create") {
    std::size_t k = 1;
    if (code.word(k) == "or" && code.word(k + 1) == "replace") {
      k += 2;
    }
    bool materialized = false;
    while (one_of(code.word(k), {"unlogged", "unique", "materialized", "recursive", "constraint"})) {
      materialized = materialized || code.word(k) == "materialized";
      ++k;
    }
    const std::string_view kind = code.word(k);
    out.defines_routine = kind == "function" || kind == "procedure";
    out.makes_rows = (materialized || (kind == "table" && code.word_at_top_after(k + 1, "as"))) &&
                     !code.ends_with_no_data();
    if (kind == "extension" || kind == "schema") {
      out.role = Role::barrier;
      return out;
    }
    if (!one_of(kind, {"table", "index", "view", "type", "domain", "sequence", "function", "procedure", "trigger",
                       "policy", "aggregate", "rule", "collation"})) {
      return unsupported("CREATE " + upper(kind.empty() ? "..." : kind));
    }
    std::size_t j = k + 1;
    if (kind == "index" && code.word(j) == "concurrently") {
      return unsupported("CREATE INDEX CONCURRENTLY runs outside a transaction");
    }
    if (code.word(j) == "if" && code.word(j + 1) == "not" && code.word(j + 2) == "exists") {
      j += 3;
    }
    if (!(kind == "index" && code.word(j) == "on")) {
      const std::string name = code.name(j);
      if (!name.empty()) {
        out.defines.push_back(name);
      }
    }
  } else if (first == "alter") {
    if (second == "default" || second == "schema") {
      out.role = Role::barrier;
      return out;
    }
    if (!one_of(second, {"table", "index", "sequence", "view", "materialized", "domain", "function", "procedure",
                         "trigger", "policy", "type", "aggregate", "rule", "collation"})) {
      return unsupported("ALTER " + upper(second.empty() ? "..." : second));
    }
    if (second == "type") {
      for (std::size_t k = 2; k + 1 < code.size(); ++k) {
        if (code.word(k) == "add" && code.word(k + 1) == "value") {
          return unsupported("ALTER TYPE ... ADD VALUE: the value cannot be used in the transaction that adds it");
        }
      }
    }
  } else if (first == "comment" && second == "on") {
    // touches what it comments on
  } else if (first == "grant" || first == "revoke") {
    out.role = Role::barrier;
    return out;
  } else {
    return unsupported(first.empty() ? "a statement that does not begin with a word" : upper(first));
  }
  out.role = Role::ddl;
  add_other_names(code, out.defines);
  return out;
}

// A name as the plan compares it: leading underscores off (the array type
// of t is _t, or __t when _t is taken).
std::string_view key(std::string_view name) {
  const std::size_t start = name.find_first_not_of('_');
  return start == std::string_view::npos ? name : name.substr(start);
}

// A key of its own for names of at least k_kept_prefix bytes sharing their
// beginning; '\x01' cannot start a name's key.
std::string long_key(std::string_view k) { return "\x01" + std::string(k.substr(0, k_kept_prefix)); }

LanePlan not_parallel(std::size_t statement, std::string why) {
  LanePlan plan;
  plan.why_not_statement = statement;
  plan.why_not = std::move(why);
  return plan;
}

}  // namespace

LanePlan plan_lanes(const std::vector<std::string_view>& statements) {
  const std::size_t n = statements.size();
  std::vector<std::vector<Token>> tokens(n);
  std::vector<Role> roles(n, Role::ddl);
  std::unordered_map<std::string, std::uint32_t> ids;  // defined names' keys (and long keys) -> id
  const auto add_id = [&ids](std::string k) { ids.emplace(std::move(k), static_cast<std::uint32_t>(ids.size())); };
  LanePlan plan;
  bool in_preamble = true;
  std::vector<std::vector<std::string>> makes_rows(n);  // the names of what holds them
  std::vector<std::string> routines;  // keys of the functions and procedures the schema defines
  for (std::size_t i = 0; i < n; ++i) {
    tokens[i] = lex(statements[i]);
    Classified c = classify(tokens[i]);
    roles[i] = c.role;
    if (c.role == Role::unsupported) {
      return not_parallel(i, c.why);
    }
    if (c.role == Role::session) {
      if (in_preamble) {
        plan.preamble = i + 1;
      }
      continue;
    }
    in_preamble = false;
    if (c.makes_rows) {
      for (const auto& name : c.defines) {
        makes_rows[i].emplace_back(key(name));
      }
    }
    if (c.defines_routine) {
      for (const auto& name : c.defines) {
        routines.emplace_back(key(name));
      }
    }
    for (const auto& name : c.defines) {
      const std::string_view k = key(name);
      add_id(std::string(k));
      if (k.size() >= k_kept_prefix) {
        add_id(long_key(k));
      }
    }
  }
  if (plan.preamble == n) {
    return not_parallel(n, "nothing but session state");
  }

  plan.after.resize(n);
  plan.session.assign(n, false);
  // Functions run while the schema is built only in the query of CREATE
  // TABLE ... AS or of a materialized view, or over the rows those made
  // (an index expression, a default for an added column, a check); what
  // they do there (objects made with EXECUTE, settings) no name shows. So
  // names that may lead to a function (a function's own, and every name a
  // statement mentioning one of them mentions) and names of relations with
  // rows must not meet in one statement.
  std::vector<bool> leads_to_function(ids.size(), false);
  std::vector<bool> has_rows(ids.size(), false);
  for (const auto& routine : routines) {
    leads_to_function[ids.at(routine)] = true;
  }
  std::vector<std::int64_t> last(ids.size(), -1);  // the last statement touching each id
  std::int64_t barrier = -1;
  std::vector<std::uint32_t> since_barrier;
  std::vector<std::uint32_t> touched;
  for (std::size_t i = plan.preamble; i < n; ++i) {
    auto& after = plan.after[i];
    if (roles[i] == Role::barrier || roles[i] == Role::session) {
      plan.session[i] = roles[i] == Role::session;
      if (barrier >= 0) {
        after.push_back(static_cast<std::uint32_t>(barrier));
      }
      after.insert(after.end(), since_barrier.begin(), since_barrier.end());
      barrier = static_cast<std::int64_t>(i);
      since_barrier.clear();
      continue;
    }
    touched.clear();
    const auto touch = [&](const std::string& k) {
      const auto it = ids.find(k);
      if (it != ids.end()) {
        touched.push_back(it->second);
      }
    };
    for (const auto& t : tokens[i]) {
      if (t.kind == Token::Kind::punct) {
        continue;
      }
      const std::string k(key(t.value));
      touch(k);
      for (std::size_t p = 1; p < k.size(); ++p) {
        if (k[p] == '_') {
          touch(k.substr(0, p));
        }
      }
      if (k.size() >= k_kept_prefix) {
        touch(long_key(k));
      }
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    const bool to_function =
        std::any_of(touched.begin(), touched.end(), [&](std::uint32_t id) { return leads_to_function[id]; });
    if (to_function) {
      if (!makes_rows[i].empty() || std::any_of(touched.begin(), touched.end(), [&](std::uint32_t id) { return has_rows[id]; })) {
        return not_parallel(i, "a function of the schema may run here (rows made by CREATE TABLE ... AS or a "
                               "materialized view with data), and what it does no name shows");
      }
      for (const std::uint32_t id : touched) {
        leads_to_function[id] = true;
      }
    }
    for (const auto& holder : makes_rows[i]) {
      has_rows[ids.at(holder)] = true;
    }
    if (barrier >= 0) {
      after.push_back(static_cast<std::uint32_t>(barrier));
    }
    for (const std::uint32_t id : touched) {
      if (last[id] > barrier) {
        after.push_back(static_cast<std::uint32_t>(last[id]));
      }
      last[id] = static_cast<std::int64_t>(i);
    }
    std::sort(after.begin(), after.end());
    after.erase(std::unique(after.begin(), after.end()), after.end());
    since_barrier.push_back(static_cast<std::uint32_t>(i));
  }
  plan.parallel = true;
  return plan;
}

// ---------------------------------------------------------------------------
// LaneScheduler

LaneScheduler::LaneScheduler(const LanePlan& plan)
    : m_plan(plan),
      m_state(plan.after.size(), State::open),
      m_batch_of(plan.after.size(), 0),
      m_first_open(std::min(plan.preamble, plan.after.size())) {
  std::fill(m_state.begin(), m_state.begin() + static_cast<std::ptrdiff_t>(m_first_open), State::done);
}

std::vector<std::uint32_t> LaneScheduler::take(std::size_t max, std::size_t window) {
  std::vector<std::uint32_t> batch;
  if (finished()) {
    return batch;
  }
  const std::uint32_t id = ++m_batches;
  std::size_t seen = 0;
  for (std::size_t i = m_first_open; i < m_state.size() && seen < window && batch.size() < max; ++i) {
    if (m_state[i] != State::open) {
      continue;
    }
    ++seen;
    const auto& after = m_plan.after[i];
    if (m_plan.session[i]) {
      // Done as soon as everything before it is: each connection runs it
      // before its next batch (settings()).
      if (!std::all_of(after.begin(), after.end(), [&](std::uint32_t d) { return m_state[d] == State::done; })) {
        break;  // everything after it waits for it
      }
      m_state[i] = State::done;
      m_settings.push_back(static_cast<std::uint32_t>(i));
      continue;
    }
    const bool ready = std::all_of(after.begin(), after.end(), [&](std::uint32_t d) {
      return m_state[d] == State::done || (m_state[d] == State::taken && m_batch_of[d] == id);
    });
    if (ready) {
      m_state[i] = State::taken;
      m_batch_of[i] = id;
      batch.push_back(static_cast<std::uint32_t>(i));
    }
  }
  while (m_first_open < m_state.size() && m_state[m_first_open] != State::open) {
    ++m_first_open;
  }
  return batch;
}

void LaneScheduler::committed(const std::vector<std::uint32_t>& batch) {
  for (const std::uint32_t i : batch) {
    m_state[i] = State::done;
  }
}

}  // namespace retort::autogen
